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
    // Only objects and arrays can hold a key: a value of any other type is not walked into, so
    // its path (a string for every field of every line) is never written.
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (holdsKeys(item)) pending.push({ value: item, path: `${path}[${index}]` });
      });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === FORBIDDEN_KEY) {
        const keyPath = pathOfKey(path, key);
        errors.push({ code: 'INTAKE.VALIDATION_FAILED', path: keyPath, message: `${keyPath} is not an allowed key` });
        continue;
      }
      const member = (value as Record<string, unknown>)[key];
      if (holdsKeys(member)) pending.push({ value: member, path: pathOfKey(path, key) });
    }
  }
  return errors;
}

function holdsKeys(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function pathOfKey(path: string, key: string): string {
  return PLAIN_KEY.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;
}
