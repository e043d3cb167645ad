// Assertions shared by the contract specs: a value is accepted, or it is rejected with errors at
// exactly the expected field paths. Test-only; not exported from the library.
import type { z } from 'zod';
import { validateContract, type ContractError } from '../validation/validate-contract';

export function expectValid<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = validateContract(schema, value);
  if (!result.ok) throw new Error(`expected a valid value, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.value;
}

export function rejectionsOf(schema: z.ZodType, value: unknown): readonly ContractError[] {
  const result = validateContract(schema, value);
  if (result.ok) throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
  return result.errors;
}

/** The value is rejected, and the errors sit at exactly these paths (order ignored). */
export function expectRejectedAt(schema: z.ZodType, value: unknown, paths: readonly string[]): readonly ContractError[] {
  const errors = rejectionsOf(schema, value);
  expect(errors.map((error) => error.path).sort()).toEqual([...paths].sort());
  return errors;
}

/** Shallow copy without one field, for "missing field" cases. */
export function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _removed, ...rest } = value;
  return rest;
}
