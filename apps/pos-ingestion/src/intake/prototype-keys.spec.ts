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

  it('reports in the order of its walk, quotes odd keys, and stops after ten', () => {
    const input = JSON.parse('{"__proto__":1,"a":[{"__proto__":2},{"b c":{"__proto__":3}}],"c":{"d":[[{"__proto__":4}]]},"e":"__proto__"}') as unknown;
    expect(prototypeKeyErrors(input).map((error) => error.path)).toEqual(['__proto__', 'c.d[0][0].__proto__', 'a[1]["b c"].__proto__', 'a[0].__proto__']);
    const many = JSON.parse(`{"lines":[${Array.from({ length: 15 }, (_, index) => `{"__proto__":${index}}`).join(',')}]}`) as unknown;
    expect(prototypeKeyErrors(many).map((error) => error.path)).toEqual(Array.from({ length: 10 }, (_, index) => `lines[${14 - index}].__proto__`));
  });
});

