import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, contentFingerprint, inventoryMovementV1Examples, movementFingerprint, sha256Hex } from '../index';

/** The definition fingerprints were first taken by: JSON.stringify of a copy with its keys sorted. */
function sortedCopyJson(value: unknown): string {
  const sortKeys = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sortKeys);
    if (item === null || typeof item !== 'object') return item;
    const record = item as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => [key, sortKeys(record[key])]),
    );
  };
  return JSON.stringify(sortKeys(value));
}

describe('content fingerprint', () => {
  const receipt = inventoryMovementV1Examples.receipt;

  it('does not depend on key order or on undefined fields', () => {
    const reordered = Object.fromEntries(Object.entries(receipt).reverse()) as typeof receipt;
    expect(movementFingerprint(reordered)).toBe(movementFingerprint(receipt));
    expect(movementFingerprint({ ...receipt, totalCost: undefined })).toBe(movementFingerprint(receipt));
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });

  it('changes with any change of content', () => {
    expect(movementFingerprint({ ...receipt, quantity: receipt.quantity + 1 })).not.toBe(movementFingerprint(receipt));
    expect(movementFingerprint({ ...receipt, unitCost: '7.45' })).not.toBe(movementFingerprint(receipt));
    expect(contentFingerprint({ source: { system: 'erp' } })).not.toBe(contentFingerprint({ source: { system: 'wms' } }));
  });

  it('writes exactly the text of a key-sorted copy, so stored fingerprints stay valid', () => {
    const keys = fc.oneof(fc.string(), fc.constantFrom('0', '1', '2', '10', '007', '-1', '4294967295', '4294967294', '__proto__', 'a'));
    const values = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), fc.constant(undefined), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(keys, tie('value'), { maxKeys: 6 })),
    })).value;
    fc.assert(fc.property(values, (value) => canonicalJson(value) === sortedCopyJson(value)), { numRuns: 2_000 });
    expect(canonicalJson({ b: 1, 10: 1, 2: 1, a: undefined, '01': 1 })).toBe(sortedCopyJson({ b: 1, 10: 1, 2: 1, a: undefined, '01': 1 }));
    expect(canonicalJson([1, undefined, () => 1])).toBe('[1,null,null]');
    expect(() => canonicalJson({ amount: 1n })).toThrow(TypeError);
  });

  it('writes every string and number as JSON.stringify does, escapes and lone surrogates included', () => {
    const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }).map((units) => String.fromCharCode(...units));
    const texts = fc.oneof(codeUnits, fc.string({ unit: 'binary' }), fc.constantFrom('', '"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', '\ud83d\ude00', 'é'));
    fc.assert(fc.property(texts, (text) => canonicalJson(text) === JSON.stringify(text) && canonicalJson({ [text]: text }) === sortedCopyJson({ [text]: text })), { numRuns: 5_000 });
    const numbers = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 5e-324, Number.MAX_SAFE_INTEGER));
    fc.assert(fc.property(numbers, (number) => canonicalJson(number) === JSON.stringify(number) && canonicalJson([number]) === JSON.stringify([number])), { numRuns: 5_000 });
  });

  it('keeps an attribute named __proto__ as data', () => {
    const withProto = JSON.parse('{"__proto__":{"x":1},"a":2}') as unknown;
    expect(canonicalJson(withProto)).toBe('{"__proto__":{"x":1},"a":2}');
  });

  it('hashes exactly as createHash does, whatever the text (property)', () => {
    expect(contentFingerprint({ b: 1, a: 'é' })).toBe(createHash('sha256').update('{"a":"é","b":1}', 'utf8').digest('hex'));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string(), fc.constantFrom('', '\ud800', '\udfff\ud800')), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 2_000 },
    );
  });
});
