import { z } from 'zod';
import { formatIssuePath, validateContract } from '../index';

describe('formatIssuePath', () => {
  it('writes paths the way a JavaScript developer would', () => {
    expect(formatIssuePath([])).toBe('');
    expect(formatIssuePath(['lines', 2, 'quantity'])).toBe('lines[2].quantity');
    expect(formatIssuePath([0, 'sku'])).toBe('[0].sku');
    expect(formatIssuePath(['attributes', 'gift note'])).toBe('attributes["gift note"]');
    expect(formatIssuePath(['headers', 'content-type'])).toBe('headers["content-type"]');
  });
});

describe('validateContract', () => {
  const schema = z.strictObject({
    name: z.string().min(2).max(4),
    tags: z.array(z.string()).min(1).max(2),
    size: z.int().min(1),
    ratio: z.number().gt(0).lt(1),
    kind: z.enum(['a', 'b']),
    flag: z.boolean().optional(),
    nothing: z.null().optional(),
  });
  const valid = { name: 'abc', tags: ['x'], size: 1, ratio: 0.5, kind: 'a' };

  it('returns the parsed value when valid', () => {
    expect(validateContract(schema, valid)).toEqual({ ok: true, value: valid });
  });

  it.each([
    [{ ...valid, name: 'a' }, 'name', 'name must be at least 2 characters'],
    [{ ...valid, name: 'abcde' }, 'name', 'name must be at most 4 characters'],
    [{ ...valid, tags: [] }, 'tags', 'tags must contain at least 1 item'],
    [{ ...valid, tags: ['a', 'b', 'c'] }, 'tags', 'tags must contain at most 2 items'],
    [{ ...valid, tags: 'a' }, 'tags', 'tags must be an array, got a string'],
    [{ ...valid, tags: [1] }, 'tags[0]', 'tags[0] must be a string, got a number'],
    [{ ...valid, size: 0 }, 'size', 'size must be at least 1'],
    [{ ...valid, ratio: 1 }, 'ratio', 'ratio must be less than 1'],
    [{ ...valid, ratio: 0 }, 'ratio', 'ratio must be greater than 0'],
    [{ ...valid, kind: 'c' }, 'kind', "kind must be one of 'a', 'b'"],
    [{ ...valid, flag: 'true' }, 'flag', 'flag must be true or false, got a string'],
    [{ ...valid, nothing: {} }, 'nothing', 'nothing must be null, got an object'],
    [{ ...valid, size: undefined }, 'size', 'size is required'],
    [{ ...valid, extra: 1 }, 'extra', 'extra is not an allowed field'],
  ])('explains %j', (input, path, message) => {
    expect(validateContract(schema, input)).toEqual({ ok: false, errors: [{ path, message }] });
  });

  it('caps the number of errors and says how many were left out', () => {
    const many = z.array(z.int());
    const result = validateContract(many, ['a', 'b', 'c', 'd', 'e'], { maxErrors: 2 });
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: '[0]', message: '[0] must be a number, got a string' },
        { path: '[1]', message: '[1] must be a number, got a string' },
        { path: '', message: '3 more error(s) not listed' },
      ],
    });
  });

  it('keeps messages from the schema over the generic ones', () => {
    const withMessage = z.string().regex(/^x+$/, { error: 'must contain only x' });
    expect(validateContract(withMessage, 'y')).toEqual({ ok: false, errors: [{ path: '', message: 'value must contain only x' }] });
  });

  it('does not change how the schema reports errors outside validateContract', () => {
    const result = z.string().safeParse(1);
    expect(result.success ? '' : result.error.issues[0]?.message).toMatch(/^Invalid input/);
  });
});
