// What a request answers when its work could not be stored or published (the database, or Kafka
// within INTAKE_PUBLISH_TIMEOUT_MS): 503 INTAKE.UNAVAILABLE with Retry-After. Recording and
// publishing are idempotent, so the caller may always retry unchanged.
import { HttpStatus } from '@nestjs/common';
import type { JsonLogger } from '@ledgerline/runtime';
import { PublicationUnavailableError } from '../intake/claimed-publisher';
import { intakeMetrics } from '../metrics/intake-metrics';
import { ProblemException, problem } from './problem';

export function intakeUnavailable(error: unknown, logger: JsonLogger, context: Record<string, unknown>, what: string): ProblemException {
  const cause = error instanceof PublicationUnavailableError ? 'kafka' : 'other';
  intakeMetrics.unavailable.inc({ cause });
  logger.error('intake failed; answering 503', { error, cause, ...context });
  const reason = error instanceof PublicationUnavailableError ? `${error.message}; retry it unchanged` : `${what} could not be stored or published right now; retry it unchanged`;
  return new ProblemException(problem(HttpStatus.SERVICE_UNAVAILABLE, 'INTAKE.UNAVAILABLE', reason), { 'Retry-After': '1' });
}
