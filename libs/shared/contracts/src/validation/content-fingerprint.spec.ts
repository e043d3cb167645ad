import fc from 'fast-check';
import { canonicalJson, contentFingerprint, inventoryMovementV1Examples, movementFingerprint } from '../index';

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

  it('keeps an attribute named __proto__ as data', () => {
    const withProto = JSON.parse('{"__proto__":{"x":1},"a":2}') as unknown;
    expect(canonicalJson(withProto)).toBe('{"__proto__":{"x":1},"a":2}');
  });
});
