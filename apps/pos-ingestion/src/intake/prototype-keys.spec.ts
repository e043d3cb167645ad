import { prototypeKeyErrors } from './prototype-keys';

describe('prototypeKeyErrors', () => {
  it('names every "__proto__" member, at any depth', () => {
    const input = JSON.parse('{"a":1,"__proto__":{"x":1},"attributes":{"__proto__":{"polluted":true}},"lines":[{"sku":"A","__proto__":null}]}') as unknown;
    expect(prototypeKeyErrors(input).map((error) => error.path).sort()).toEqual(['__proto__', 'attributes.__proto__', 'lines[0].__proto__']);
    expect(prototypeKeyErrors(input)[0]).toMatchObject({ code: 'INTAKE.VALIDATION_FAILED', message: expect.stringContaining('is not an allowed key') });
  });

  it('finds nothing in ordinary input, and walks very deep nesting without overflowing', () => {
    expect(prototypeKeyErrors({ constructor: 'x', lines: [{ sku: 'A' }], note: null })).toEqual([]);
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`) as unknown;
    expect(prototypeKeyErrors(deep)).toEqual([]);
  });
});
