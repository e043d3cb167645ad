// Turns what the counting work throws into an answer: its named refusals into their 4xx, and
// anything that kept it from storing or publishing into 503 (retry unchanged).
import type { JsonLogger } from '@ledgerline/runtime';
import { intakeUnavailable } from '../http/intake-unavailable';
import { ProblemException, problem } from '../http/problem';
import { CountingError } from './count-errors';

export async function answerCounting<T>(work: () => Promise<T>, logger: JsonLogger, context: Record<string, unknown>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CountingError) {
      throw new ProblemException(problem(error.status, error.code, error.message, [{ path: error.path, code: error.code, message: error.message }]));
    }
    if (error instanceof ProblemException) throw error;
    throw intakeUnavailable(error, logger, context, 'The count');
  }
}
