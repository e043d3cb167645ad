// Reasons for zod issues, phrased to follow a field path: "lines[2].quantity" + "must be at most
// 10000". POS developers read these in HTTP 4xx bodies, so they say what was expected and, where it
// helps, what arrived instead. Schema-level messages (regex hints) take precedence over these.
import type { z } from 'zod';

type RawIssue = z.core.$ZodRawIssue;

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  switch (typeof input) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isNaN(input) ? 'NaN' : 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof input;
  }
}

const EXPECTED_TYPE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  record: 'an object',
  null: 'null',
  never: 'absent',
};

function formatValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function typeMessage(expected: string, input: unknown): string {
  if (input === undefined) return 'is required';
  if (expected === 'never') return 'is not allowed here';
  if (typeof input === 'number' && (expected === 'int' || expected === 'number')) {
    return Number.isFinite(input) ? 'must be an integer, not a fraction' : 'must be a finite number';
  }
  return `must be ${EXPECTED_TYPE[expected] ?? expected}, got ${describeInput(input)}`;
}

function sizeMessage(origin: string, bound: number | bigint, relation: 'least' | 'most'): string {
  if (origin === 'string') {
    if (relation === 'least' && bound === 1) return 'must not be empty';
    return `must be at ${relation} ${bound} characters`;
  }
  if (origin === 'array') {
    return `must contain at ${relation} ${bound} item${bound === 1 ? '' : 's'}`;
  }
  if (relation === 'most' && bound === Number.MAX_SAFE_INTEGER) {
    return `must be at most ${bound}: larger integers lose precision in JSON`;
  }
  if (relation === 'least' && bound === -Number.MAX_SAFE_INTEGER) {
    return `must be at least ${bound}: smaller integers lose precision in JSON`;
  }
  return `must be at ${relation} ${bound}`;
}

/** Error map passed to every parse made through `validateContract`. */
export function contractIssueMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return typeMessage(issue.expected, issue.input);
    case 'too_small':
      if (issue.inclusive === false) return `must be greater than ${issue.minimum}`;
      return sizeMessage(issue.origin, issue.minimum, 'least');
    case 'too_big':
      if (issue.inclusive === false) return `must be less than ${issue.maximum}`;
      return sizeMessage(issue.origin, issue.maximum, 'most');
    case 'invalid_format':
      return issue.format === 'regex' ? 'has an invalid format' : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${formatValue(issue.values[0])}`
        : `must be one of ${issue.values.map(formatValue).join(', ')}`;
    case 'invalid_union': {
      const options: unknown = 'options' in issue ? issue.options : undefined;
      if (issue.discriminator !== undefined && Array.isArray(options)) {
        return `must be one of ${options.map(formatValue).join(', ')}`;
      }
      return 'does not match any allowed shape';
    }
    case 'invalid_key':
      return 'has an invalid key';
    case 'unrecognized_keys':
      return 'is not an allowed field';
    default:
      return undefined;
  }
}
