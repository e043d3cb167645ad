import fc from 'fast-check';
import {
  MAX_MOVEMENT_QUANTITY,
  adjustmentReasonCodes,
  inventoryMovementKinds,
  inventoryMovementV1Examples,
  inventoryMovementV1Schema,
  type InventoryMovementKind,
  type MovementOfKind,
} from '../../index';
import { expectRejectedAt, expectValid, without } from '../../test-support/contract-assertions';

const { sale, receipt, adjustment, count } = inventoryMovementV1Examples;

describe('inventory-movement v1', () => {
  it('lists every kind of the union, and has an example of each', () => {
    const kinds: readonly InventoryMovementKind[] = inventoryMovementKinds;
    expect(Object.keys(inventoryMovementV1Examples).sort()).toEqual([...kinds].sort());
  });

  it.each(Object.entries(inventoryMovementV1Examples))('accepts the %s example', (_kind, example) => {
    expect(expectValid(inventoryMovementV1Schema, example)).toEqual(example);
  });

  it('narrows on kind, so kind-specific fields are typed', () => {
    const movement = expectValid(inventoryMovementV1Schema, receipt);
    const unitCost = movement.kind === 'receipt' ? movement.unitCost : null;
    expect(unitCost).toBe('7.4500');
    const typed: MovementOfKind<'count'> = count;
    expect(typed.countedQuantity).toBe(41);
  });

  it('accepts an exact total and an exchange rate on costs, and a receipt from a producer that sends neither', () => {
    expectValid(inventoryMovementV1Schema, { ...receipt, unitCost: '3.3333', totalCost: '10.0000', currency: 'USD', exchangeRate: '0.9234567891' });
    expectValid(inventoryMovementV1Schema, without(receipt, 'currency'));
    expectValid(inventoryMovementV1Schema, { ...inventoryMovementV1Examples['transfer-shipped'], totalCost: '6.6667', unitCost: '3.3334' });
  });

  it.each([
    [{ ...without(receipt, 'unitCost') }, 'unitCost', /unitCost is required/],
    [{ ...receipt, unitCost: '-1.0000' }, 'unitCost', /non-negative decimal string/],
    [{ ...receipt, unitCost: 7.45 }, 'unitCost', /not a JSON number/],
    [{ ...receipt, unitCost: '1000000000000000' }, 'unitCost', /15 integer/],
    [{ ...receipt, totalCost: '-5' }, 'totalCost', /non-negative decimal string/],
    [{ ...receipt, currency: 'USD', exchangeRate: '0' }, 'exchangeRate', /greater than zero/],
    [{ ...receipt, currency: 'USD', exchangeRate: '0.0000' }, 'exchangeRate', /greater than zero/],
    [{ ...receipt, currency: 'USD', exchangeRate: '-1.08' }, 'exchangeRate', /positive decimal string/],
    [{ ...receipt, currency: 'USD', exchangeRate: 1.08 }, 'exchangeRate', /string/],
    [{ ...receipt, currency: 'usd' }, 'currency', /three-letter ISO 4217/],
    [{ ...receipt, currency: 'EURO' }, 'currency', /three-letter ISO 4217/],
  ])('rejects a receipt whose cost is not one: %j at %s', (movement, field, message) => {
    const errors = expectRejectedAt(inventoryMovementV1Schema, movement, [field]);
    expect(errors[0]?.message).toMatch(message);
  });

  it('rejects an unknown kind with the allowed ones', () => {
    const [error] = expectRejectedAt(inventoryMovementV1Schema, { ...sale, kind: 'shrink' }, ['kind']);
    expect(error?.message).toContain("kind must be one of 'sale', 'return', 'void', 'receipt'");
  });

  it.each(['movementId', 'sku', 'locationId', 'occurredAt', 'source', 'quantity'] as const)('rejects a sale without %s', (field) => {
    expectRejectedAt(inventoryMovementV1Schema, without(sale, field), [field]);
  });

  it('rejects fields that belong to another kind', () => {
    expectRejectedAt(inventoryMovementV1Schema, { ...sale, unitCost: '1.00' }, ['unitCost']);
    expectRejectedAt(inventoryMovementV1Schema, { ...count, quantity: 3 }, ['quantity']);
    expectRejectedAt(inventoryMovementV1Schema, { ...receipt, reasonCode: 'found' }, ['reasonCode']);
  });

  it.each([0, -1, 1.25, MAX_MOVEMENT_QUANTITY + 1, 2 ** 53 + 2])('rejects the positive quantity %p', (quantity) => {
    const errors = expectRejectedAt(inventoryMovementV1Schema, { ...receipt, quantity }, ['quantity']);
    expect(errors[0]?.message).toMatch(/^quantity must be/);
  });

  it('takes signed, non-zero adjustments with a known reason', () => {
    expectValid(inventoryMovementV1Schema, { ...adjustment, quantity: 5, reasonCode: 'found' });
    const [zero] = expectRejectedAt(inventoryMovementV1Schema, { ...adjustment, quantity: 0 }, ['quantity']);
    expect(zero?.message).toBe('quantity must not be zero: an adjustment changes stock');
    expectRejectedAt(inventoryMovementV1Schema, { ...adjustment, quantity: -MAX_MOVEMENT_QUANTITY - 1 }, ['quantity']);
    expectRejectedAt(inventoryMovementV1Schema, { ...adjustment, reasonCode: 'shrinkage' }, ['reasonCode']);
    expectRejectedAt(inventoryMovementV1Schema, without(adjustment, 'reasonCode'), ['reasonCode']);
    expect(adjustmentReasonCodes).toContain('count-variance');
  });

  it('takes a shipment with or without the layers it carries, each element whole', () => {
    const shipped = inventoryMovementV1Examples['transfer-shipped'];
    const layers = [
      { units: 20, totalCost: '149.0000', receivedAt: '2025-02-01T09:00:00.000Z' },
      { units: 4, totalCost: '29.8000', receivedAt: '2025-02-10T09:00:00.000Z' },
    ];
    expectValid(inventoryMovementV1Schema, shipped);
    expectValid(inventoryMovementV1Schema, { ...shipped, layers });
    expectRejectedAt(inventoryMovementV1Schema, { ...shipped, layers: [] }, ['layers']);
    expectRejectedAt(inventoryMovementV1Schema, { ...shipped, layers: [{ ...layers[0], units: 0 }] }, ['layers[0].units']);
    expectRejectedAt(inventoryMovementV1Schema, { ...shipped, layers: [{ ...layers[0], totalCost: '-1.0000' }] }, ['layers[0].totalCost']);
    expectRejectedAt(inventoryMovementV1Schema, { ...shipped, layers: [{ ...layers[0], lot: 'A' }] }, ['layers[0].lot']);
  });

  it('takes a method change to either method, and no other', () => {
    const change = inventoryMovementV1Examples['valuation-method-change'];
    expectValid(inventoryMovementV1Schema, { ...change, method: 'moving-average' });
    expectRejectedAt(inventoryMovementV1Schema, { ...change, method: 'lifo' }, ['method']);
    expectRejectedAt(inventoryMovementV1Schema, without(change, 'method'), ['method']);
  });

  it('takes a landed cost of either sign against a receipt, never of zero or as a JSON number', () => {
    const landed = inventoryMovementV1Examples['landed-cost'];
    expectValid(inventoryMovementV1Schema, { ...landed, amount: '-12.5000', costType: 'price-correction', currency: 'USD', exchangeRate: '0.9200' });
    for (const zero of ['0', '0.0000', '-0.00']) {
      const [refused] = expectRejectedAt(inventoryMovementV1Schema, { ...landed, amount: zero }, ['amount']);
      expect(refused?.message).toBe('amount must not be zero: a landed cost changes what the receipt cost');
    }
    expectRejectedAt(inventoryMovementV1Schema, { ...landed, amount: 38.4 }, ['amount']);
    expectRejectedAt(inventoryMovementV1Schema, { ...landed, exchangeRate: '0' }, ['exchangeRate']);
    expectRejectedAt(inventoryMovementV1Schema, { ...landed, costType: 'tips' }, ['costType']);
    expectRejectedAt(inventoryMovementV1Schema, without(landed, 'receiptMovementId'), ['receiptMovementId']);
  });

  it('accepts a count of zero, rejects a negative count', () => {
    expectValid(inventoryMovementV1Schema, { ...count, countedQuantity: 0 });
    expectRejectedAt(inventoryMovementV1Schema, { ...count, countedQuantity: -1 }, ['countedQuantity']);
  });

  it('rejects a transfer to or from its own location', () => {
    const out = inventoryMovementV1Examples['transfer-out'];
    const [error] = expectRejectedAt(inventoryMovementV1Schema, { ...out, toLocationId: out.locationId }, ['toLocationId']);
    expect(error?.message).toMatch(/^toLocationId must differ from locationId/);
    const into = inventoryMovementV1Examples['transfer-in'];
    expectRejectedAt(inventoryMovementV1Schema, { ...into, fromLocationId: into.locationId }, ['fromLocationId']);
  });

  it('requires void details and money in the right form', () => {
    const voided = inventoryMovementV1Examples.void;
    expectRejectedAt(inventoryMovementV1Schema, without(voided, 'voidedMovementId'), ['voidedMovementId']);
    expectRejectedAt(inventoryMovementV1Schema, { ...voided, voidedKind: 'receipt' }, ['voidedKind']);
    expectRejectedAt(inventoryMovementV1Schema, { ...receipt, unitCost: 7.45 }, ['unitCost']);
    expectRejectedAt(inventoryMovementV1Schema, { ...receipt, unitCost: '-7.45' }, ['unitCost']);
    expectRejectedAt(inventoryMovementV1Schema, { ...sale, currency: 'euro' }, ['currency']);
  });

  it('requires store, transaction and line on POS sources', () => {
    const source = { system: 'pos', storeId: 'S001' };
    expectRejectedAt(inventoryMovementV1Schema, { ...sale, source }, ['source.transactionId', 'source.lineNumber']);
    expectRejectedAt(inventoryMovementV1Schema, { ...sale, source: { system: 'till' } }, ['source.system']);
    expectRejectedAt(inventoryMovementV1Schema, { ...receipt, source: { system: 'erp', batch: 1 } }, ['source.batch']);
  });

  it('rejects malformed SKUs and timestamps on any kind', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(inventoryMovementV1Examples)),
        fc.constantFrom('', 'A\u0000B', 'x'.repeat(65), ' padded'),
        (movement, sku) => {
          expectRejectedAt(inventoryMovementV1Schema, { ...movement, sku }, ['sku']);
          expectRejectedAt(inventoryMovementV1Schema, { ...movement, occurredAt: '2025-03-01T10:30' }, ['occurredAt']);
        },
      ),
    );
  });

  it('accepts any in-range quantity on every kind that has one, after a JSON round trip', () => {
    const withQuantity = Object.values(inventoryMovementV1Examples).filter((movement) => 'quantity' in movement && movement.kind !== 'adjustment');
    fc.assert(
      fc.property(fc.constantFrom(...withQuantity), fc.integer({ min: 1, max: MAX_MOVEMENT_QUANTITY }), (movement, quantity) => {
        const received: unknown = JSON.parse(JSON.stringify({ ...movement, quantity }));
        expect(expectValid(inventoryMovementV1Schema, received)).toEqual({ ...movement, quantity });
      }),
    );
  });
});
