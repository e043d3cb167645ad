// JSON.parse turns a "__proto__" member into an ordinary own property, and zod's record schema
// (the transaction's attributes) then skips it without a word: the till is answered 'accepted'
// while part of what it sent was dropped unvalidated. Such keys are refused instead, wherever
// they appear, naming their path. The walk is iterative, so deeply nested input cannot overflow
// the stack, and stops after a few findings.
import type { IntakeError } from './intake-outcome';

const FORBIDDEN_KEY = '__proto__';
const MAX_REPORTED = 10;
const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

export function prototypeKeyErrors(input: unknown): IntakeError[] {
  const errors: IntakeError[] = [];
  const pending: Array<{ value: unknown; path: string }> = [{ value: input, path: '' }];
  for (let next = pending.pop(); next !== undefined && errors.length < MAX_REPORTED; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, path: `${path}[${index}]` }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const keyPath = PLAIN_KEY.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;
      if (key === FORBIDDEN_KEY) {
        errors.push({ code: 'INTAKE.VALIDATION_FAILED', path: keyPath, message: `${keyPath} is not an allowed key` });
        continue;
      }
      pending.push({ value: (value as Record<string, unknown>)[key], path: keyPath });
    }
  }
  return errors;
}
