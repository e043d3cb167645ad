// One way to check an unknown value against a contract and get errors a person can act on:
// `{ path: 'lines[2].quantity', message: 'lines[2].quantity must be at most 10000' }`.
// pos-ingestion returns these verbatim to POS systems; consumers put them in dead letters.
import { compile, type z } from 'zod';
import { contractIssueMessage } from './contract-issue-message';

export interface ContractError {
  /** Field path in JavaScript notation (`lines[2].quantity`); empty for the value itself. */
  readonly path: string;
  /** Sentence naming the field and the reason, ready to show to the sender. */
  readonly message: string;
}

export type ContractResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly ContractError[] };

export interface ValidateOptions {
  /** Stops a 500-line transaction with 500 bad lines from producing a megabyte of errors. */
  readonly maxErrors?: number;
}

export const DEFAULT_MAX_ERRORS = 100;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['lines', 2, 'quantity']` → `lines[2].quantity`; odd keys are quoted: `attributes["gift note"]`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

function contractError(path: readonly PropertyKey[], reason: string): ContractError {
  const formatted = formatIssuePath(path);
  return { path: formatted, message: `${formatted === '' ? 'value' : formatted} ${reason}` };
}

/** Unknown fields are reported one by one, each at its own path, so the sender sees which. */
function toContractErrors(issue: z.core.$ZodIssue): ContractError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => contractError([...issue.path, key], issue.message));
  }
  if (issue.code === 'invalid_key' && issue.issues.length > 0) {
    const reasons = issue.issues.map((inner) => inner.message).join('; ');
    return [contractError(issue.path, `is not an allowed key: it ${reasons}`)];
  }
  return [contractError(issue.path, issue.message)];
}

/**
 * One reason per field is enough to act on; a second ("must be at most 10000" after "must be a
 * safe integer") only adds noise to the answer.
 */
function firstPerPath(errors: readonly ContractError[]): ContractError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (seen.has(error.path)) return false;
    seen.add(error.path);
    return true;
  });
}

const compiledSchemas = new WeakMap<z.ZodType, z.ZodType>();

/**
 * The schema with zod's generated fast path in front of its parser (z.compile): a valid value is
 * checked by one generated function instead of a walk through the schema's nodes, about half the
 * cost for a movement envelope; an invalid one falls back to the parser, so the issues and their
 * messages are the parser's own. Compiled once per schema and kept while the schema lives.
 */
function compiledSchema<S extends z.ZodType>(schema: S): S {
  let compiled = compiledSchemas.get(schema);
  if (compiled === undefined) {
    compiled = compile(schema);
    compiledSchemas.set(schema, compiled);
  }
  return compiled as S;
}

export function validateContract<S extends z.ZodType>(
  schema: S,
  input: unknown,
  options: ValidateOptions = {},
): ContractResult<z.output<S>> {
  const result = compiledSchema(schema).safeParse(input, { error: contractIssueMessage });
  if (result.success) return { ok: true, value: result.data };

  const maxErrors = options.maxErrors ?? DEFAULT_MAX_ERRORS;
  const errors = firstPerPath(result.error.issues.flatMap(toContractErrors));
  if (errors.length <= maxErrors) return { ok: false, errors };
  const omitted = errors.length - maxErrors;
  return {
    ok: false,
    errors: [...errors.slice(0, maxErrors), { path: '', message: `${omitted} more error(s) not listed` }],
  };
}
