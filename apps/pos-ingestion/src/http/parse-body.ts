// A request body checked against its zod schema; the refusal names every field (422).
import { HttpStatus } from '@nestjs/common';
import type { z } from 'zod';
import { validateContract } from '@ledgerline/contracts';
import { ProblemException, problem } from './problem';

export function invalid(errors: Array<{ path: string; code: string; message: string }>): ProblemException {
  const [first] = errors;
  return new ProblemException(problem(HttpStatus.UNPROCESSABLE_ENTITY, first?.code ?? 'INTAKE.VALIDATION_FAILED', first?.message ?? 'invalid request', errors));
}

export function parsed<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = validateContract(schema, body);
  if (!result.ok) throw invalid(result.errors.map((error) => ({ ...error, code: 'INTAKE.VALIDATION_FAILED' })));
  return result.value;
}
