import { canonicalJson, contentFingerprint, inventoryMovementV1Examples, movementFingerprint } from '../index';

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

  it('keeps an attribute named __proto__ as data', () => {
    const withProto = JSON.parse('{"__proto__":{"x":1},"a":2}') as unknown;
    expect(canonicalJson(withProto)).toBe('{"__proto__":{"x":1},"a":2}');
  });
});
