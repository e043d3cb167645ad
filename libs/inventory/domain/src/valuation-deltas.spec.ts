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
      { locationId: 'S1', day: '2026-11-30', onHand: 10, inventoryValue: 200_000n, inTransitValue: 0n, costOfGoodsSold: 0n, balances: 1 },
      { locationId: 'S1', day: '2026-12-01', onHand: -1, inventoryValue: 40_000n, inTransitValue: 0n, costOfGoodsSold: 60_000n, balances: 1 },
      // An order opens the S2 balance: counted, though nothing is on the shelf yet.
      { locationId: 'S2', day: '2026-12-01', onHand: 0, inventoryValue: 0n, inTransitValue: 0n, costOfGoodsSold: 0n, balances: 1 },
    ]);
    const balances = new Map([...outcome.changes].map(([key, change]) => [key, change.after]));
    const another = { kind: 'order-placed' as const, movementId: 'po-2', sku: 'TEA', locationId: 'S2', occurredAt: day('2026-12-02', 9), quantity: 1 };
    expect(valuationDeltasOf(applyMovements(balances, [another], () => ({})).entries)).toEqual([]);
  });
});
