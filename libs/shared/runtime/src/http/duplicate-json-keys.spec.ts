import fc from 'fast-check';
import { duplicateKeyPath, findDuplicateKey } from './duplicate-json-keys';

describe('findDuplicateKey', () => {
  it('names a key given twice at the top level', () => {
    expect(findDuplicateKey('{"quantity":1,"quantity":100}')).toEqual({ key: 'quantity', path: '' });
  });

  it('names the path of a duplicate inside nested objects and arrays', () => {
    const found = findDuplicateKey('{"lines":[{"sku":"A"},{"sku":"B","qty":1,"sku":"C"}]}');
    expect(found).toEqual({ key: 'sku', path: 'lines[1]' });
    expect(duplicateKeyPath(found!)).toBe('lines[1].sku');
    expect(findDuplicateKey('{"a":{"b":{"c":1,"c":2}}}')).toEqual({ key: 'c', path: 'a.b' });
  });

  it('compares keys as JSON.parse decodes them: an escaped spelling is the same key', () => {
    expect(findDuplicateKey('{"storeId":"S1","\\u0073toreId":"S2"}')).toEqual({ key: 'storeId', path: '' });
  });

  it('accepts equal keys in different objects, keys equal to values, and escaped quotes inside strings', () => {
    expect(findDuplicateKey('[{"a":1},{"a":2}]')).toBeNull();
    expect(findDuplicateKey('{"a":"a","b":{"a":"\\"a\\":1, \\"a\\":2"}}')).toBeNull();
    expect(findDuplicateKey('{"a":[1,2,{"a":3}],"b":"{\\"x\\":1,\\"x\\":2}"}')).toBeNull();
  });

  it('finds nothing in JSON without duplicates, whatever its shape (property)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(findDuplicateKey(text)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('finds the duplicate of any object given one key twice (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.jsonValue(), (object, value) => {
        const [key] = Object.keys(object);
        const text = `${JSON.stringify(object).slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value)}}`;
        expect(findDuplicateKey(text)).toEqual({ key, path: '' });
      }),
      { numRuns: 300 },
    );
  });

  it('ends a string at a quote preceded by an even run of backslashes', () => {
    expect(findDuplicateKey(String.raw`{"a\\":1,"a\\":2}`)).toEqual({ key: 'a\\', path: '' });
    expect(findDuplicateKey(String.raw`{"a\\\"b":1,"a\\\"b":2}`)).toEqual({ key: 'a\\"b', path: '' });
    expect(findDuplicateKey(String.raw`{"a\\":"\\","b":"x\"y"}`)).toBeNull();
  });

  it('stops without an answer on text that is not JSON', () => {
    expect(findDuplicateKey('{"a":1,"a')).toBeNull();
  });
});
