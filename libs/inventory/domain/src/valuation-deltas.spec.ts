import { applyMovements } from './apply-movements';
import { Movement } from './movement';
import { valuationDeltasOf } from './valuation-deltas';

describe('valuationDeltasOf', () => {
  const day = (date: string, hour: number) => Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00.000Z`);
  const movements: Movement[] = [
    { kind: 'receipt', movementId: 'grn', sku: 'TEA', locationId: 'S1', occurredAt: day('2026-11-30', 23), quantity: 10, unitCost: 20_000n },
    { kind: 'sale', movementId: 'sale-1', sku: 'TEA', locationId: 'S1', occurredAt: day('2026-12-01', 0), quantity: 3 },
    { kind: 'order-placed', movementId: 'po', sku: 'TEA', locationId: 'S2', occurredAt: day('2026-12-01', 9), quantity: 5 },
    { kind: 'receipt', movementId: 'grn-2', sku: 'COFFEE', locationId: 'S1', occurredAt: day('2026-12-01', 10), quantity: 2, unitCost: 50_000n },
  ];

  it('sums per location and UTC business day, counts the balances a batch opens, and leaves out what changes nothing', () => {
    const outcome = applyMovements(new Map(), movements, () => ({}));
    expect(valuationDeltasOf(outcome.entries)).toEqual([
      { locationId: 'S1', day: '2026-11-30', onHand: 10, inventoryValue: 200_000n, inTransitValue: 0n, costOfGoodsSold: 0n, balances: 1, negative: 0, stockout: 0, low: 0 },
      { locationId: 'S1', day: '2026-12-01', onHand: -1, inventoryValue: 40_000n, inTransitValue: 0n, costOfGoodsSold: 60_000n, balances: 1, negative: 0, stockout: 0, low: 0 },
      // An order opens the S2 balance: counted, though nothing is on the shelf yet, and out of stock.
      { locationId: 'S2', day: '2026-12-01', onHand: 0, inventoryValue: 0n, inTransitValue: 0n, costOfGoodsSold: 0n, balances: 1, negative: 0, stockout: 1, low: 0 },
    ]);
    const balances = new Map([...outcome.changes].map(([key, change]) => [key, change.after]));
    const another = { kind: 'order-placed' as const, movementId: 'po-2', sku: 'TEA', locationId: 'S2', occurredAt: day('2026-12-02', 9), quantity: 1 };
    expect(valuationDeltasOf(applyMovements(balances, [another], () => ({})).entries)).toEqual([]);
  });

  it('counts the balances entering and leaving the negative, out-of-stock and low states, by each item\'s threshold', () => {
    const thresholds = new Map([['TEA', 8]]);
    const thresholdOf = { current: (sku: string) => thresholds.get(sku) ?? null, counted: (sku: string) => thresholds.get(sku) ?? null };
    const first = applyMovements(new Map(), movements, () => ({}));
    // TEA at S1 ends at 7 (low by its threshold of 8); COFFEE has no threshold, so 2 is not low.
    expect(valuationDeltasOf(first.entries, thresholdOf).map(({ locationId, day, negative, stockout, low }) => ({ locationId, day, negative, stockout, low }))).toEqual([
      { locationId: 'S1', day: '2026-11-30', negative: 0, stockout: 0, low: 0 },
      { locationId: 'S1', day: '2026-12-01', negative: 0, stockout: 0, low: 1 },
      { locationId: 'S2', day: '2026-12-01', negative: 0, stockout: 1, low: 0 },
    ]);
    const balances = new Map([...first.changes].map(([key, change]) => [key, change.after]));
    const sellOut = { kind: 'sale' as const, movementId: 'sale-2', sku: 'TEA', locationId: 'S1', occurredAt: day('2026-12-02', 9), quantity: 9 };
    const [delta] = valuationDeltasOf(applyMovements(balances, [sellOut], () => ({})).entries, thresholdOf);
    // From low (7) to negative (-2): one left low, one entered negative.
    expect(delta).toMatchObject({ locationId: 'S1', negative: 1, stockout: 0, low: -1 });
  });

  it('takes a balance counted under an older threshold from that state to its state under the threshold now', () => {
    const first = applyMovements(new Map(), movements, () => ({}));
    const balances = new Map([...first.changes].map(([key, change]) => [key, change.after]));
    // TEA at S1 holds 7, counted when TEA had no threshold (no state); now its threshold is 10.
    const sale = { kind: 'sale' as const, movementId: 'sale-3', sku: 'TEA', locationId: 'S1', occurredAt: day('2026-12-02', 9), quantity: 1 };
    const sold = applyMovements(balances, [sale], () => ({})).entries;
    expect(valuationDeltasOf(sold, { current: () => 10, counted: () => null })).toEqual([expect.objectContaining({ negative: 0, stockout: 0, low: 1 })]);
    // An order changes no on hand, but the balance is re-counted under the threshold now: 7 is no longer low under 5.
    const order = { kind: 'order-placed' as const, movementId: 'po-3', sku: 'TEA', locationId: 'S1', occurredAt: day('2026-12-02', 10), quantity: 1 };
    const ordered = applyMovements(balances, [order], () => ({})).entries;
    expect(valuationDeltasOf(ordered, { current: () => 5, counted: () => 8 })).toEqual([expect.objectContaining({ onHand: 0, low: -1 })]);
    expect(valuationDeltasOf(ordered, { current: () => 8, counted: () => 8 })).toEqual([]);
  });
});
