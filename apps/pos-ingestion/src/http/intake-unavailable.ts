// What a request answers when its work could not be stored or published (the database, or Kafka
// within INTAKE_PUBLISH_TIMEOUT_MS): 503 INTAKE.UNAVAILABLE with Retry-After. Recording and
// publishing are idempotent, so the caller may always retry unchanged. A catalog copy still
// catching up answers 503 MOVEMENTS.CATALOG_CATCHING_UP: whether a SKU or location is unknown
// cannot be told yet, and refusing a real item would be wrong.
import { HttpStatus } from '@nestjs/common';
import type { JsonLogger } from '@ledgerline/runtime';
import { CatalogCatchingUpError } from '../catalog/catalog-copy';
import { PublicationUnavailableError } from '../intake/claimed-publisher';
import { intakeMetrics } from '../metrics/intake-metrics';
import { ProblemException, problem } from './problem';

/** Seconds a caller waits before asking again while the catalog copy catches up after a start. */
export const CATALOG_RETRY_AFTER_SECONDS = 5;

export function intakeUnavailable(error: unknown, logger: JsonLogger, context: Record<string, unknown>, what: string): ProblemException {
  if (error instanceof CatalogCatchingUpError) {
    intakeMetrics.unavailable.inc({ cause: 'catalog' });
    logger.warn('catalog copy behind the catalog; answering 503', { behind: error.behind, ...context });
    const reason = `${what} name an item or location the catalog copy does not hold yet while it is still applying the catalog; retry unchanged after Retry-After`;
    return new ProblemException(problem(HttpStatus.SERVICE_UNAVAILABLE, 'MOVEMENTS.CATALOG_CATCHING_UP', reason), { 'Retry-After': String(CATALOG_RETRY_AFTER_SECONDS) });
  }
  const cause = error instanceof PublicationUnavailableError ? 'kafka' : 'other';
  intakeMetrics.unavailable.inc({ cause });
  logger.error('intake failed; answering 503', { error, cause, ...context });
  const reason = error instanceof PublicationUnavailableError ? `${error.message}; retry it unchanged` : `${what} could not be stored or published right now; retry it unchanged`;
  return new ProblemException(problem(HttpStatus.SERVICE_UNAVAILABLE, 'INTAKE.UNAVAILABLE', reason), { 'Retry-After': '1' });
}
