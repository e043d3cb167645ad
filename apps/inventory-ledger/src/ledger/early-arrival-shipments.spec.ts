import fc from 'fast-check';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { applyAllOnce, applyMovements, balanceKey, earlyArrivalsIn, emptyBalance, emptyLedger, type EarlyArrival, type StockBalance } from '@ledgerline/inventory-domain';
import { earlyArrivalWrites, shipmentsIntoEarlyArrivals } from './early-arrival-shipments';
import { toDomainMovement } from './movement-mapper';
import type { EarlyArrivalWrite } from '../persistence/early-arrival-writes-sql';

const at = '2026-12-01T08:00:00.000Z';
const source = (movementId: string) => ({ system: 'wms' as const, documentId: movementId });
const receipt = (movementId: string, quantity: number): InventoryMovementV1 => ({ movementId, kind: 'receipt', sku: 'K', locationId: 'S1', quantity, unitCost: '1.0000', occurredAt: at, source: source(movementId) });
const arrival = (movementId: string, quantity: number): InventoryMovementV1 => ({
  movementId, kind: 'transfer-in', sku: 'K', locationId: 'S1', quantity, transferId: `T-${movementId}`, fromLocationId: 'W1', occurredAt: at, source: source(movementId),
});
const shipment = (movementId: string, quantity: number): InventoryMovementV1 => ({
  movementId, kind: 'transfer-shipped', sku: 'K', locationId: 'S1', quantity, transferId: `T-${movementId}`, fromLocationId: 'W1', unitCost: '2.0000', occurredAt: at, source: source(movementId),
});

function planned(wires: InventoryMovementV1[], read?: StockBalance, committed: EarlyArrival[] = []) {
  const balances = new Map(read === undefined ? [] : [[balanceKey(read), read]]);
  const movements = wires.map((wire) => toDomainMovement(wire, 'EUR'));
  const asked = shipmentsIntoEarlyArrivals(movements, balances, new Map());
  const known = new Map(asked === null ? [] : [[balanceKey(asked[0]!), committed]]);
  const outcome = applyMovements(balances, movements, (movement, balance, earlier) => ({
    lowStockThreshold: null,
    earlyArrivals: movement.kind === 'transfer-shipped' && balance.inTransit < 0 ? earlyArrivalsIn(earlier, known.get(balanceKey(movement))) : undefined,
  }));
  return { asked, writes: earlyArrivalWrites(outcome, balances, known), after: outcome.changes.get('K@S1')?.after ?? read };
}

describe('earlyArrivalWrites', () => {
  const holed = { ...emptyBalance('K', 'S1'), onHand: 9, inTransit: -4, version: 7 };
  const open: EarlyArrival[] = [{ units: 4, arrivedSince: 1, version: 6 }];

  it('writes nothing for a key without a hole before or after the batch', () => {
    expect(planned([receipt('r1', 3)], { ...emptyBalance('K', 'S1'), onHand: 2, version: 1 }).writes).toEqual([]);
  });

  it("writes the whole set of a key that had no hole: the batch's arrival, aged by what came after it in the batch", () => {
    expect(planned([receipt('r1', 3), arrival('i1', 2), receipt('r2', 5)]).writes).toEqual([
      { sku: 'K', locationId: 'S1', replace: true, arrivedSinceAdded: 0, arrivals: [{ units: 2, arrivedSince: 5, version: 2 }] },
    ]);
  });

  it('ages the rows of a key with a hole that the batch ships nothing into, without reading them, and adds its new arrivals', () => {
    const { asked, writes } = planned([receipt('r1', 3), arrival('i1', 2), receipt('r2', 1)], holed);
    expect(asked).toBeNull();
    expect(writes).toEqual([{ sku: 'K', locationId: 'S1', replace: false, arrivedSinceAdded: 6, arrivals: [{ units: 2, arrivedSince: 1, version: 9 }] }]);
  });

  it('replaces the rows of a key a shipment fills, from the rows read: matched oldest first', () => {
    const { asked, writes } = planned([shipment('t1', 3), receipt('r1', 2)], holed, open);
    expect(asked).toEqual([{ sku: 'K', locationId: 'S1', readVersion: 7, inTransit: -4 }]);
    expect(writes).toEqual([{ sku: 'K', locationId: 'S1', replace: true, arrivedSinceAdded: 0, arrivals: [{ units: 1, arrivedSince: 3, version: 6 }] }]);
    // A shipment that fills the hole whole leaves no rows: the key's are deleted.
    expect(planned([shipment('t2', 4)], holed, open).writes).toEqual([{ sku: 'K', locationId: 'S1', replace: true, arrivedSinceAdded: 0, arrivals: [] }]);
  });

  it('keeps, batch after batch, the open arrivals of the whole history, however it is split (a property)', () => {
    const step = fc.oneof(
      fc.integer({ min: 1, max: 6 }).map((quantity) => ({ kind: 'receipt' as const, quantity })),
      fc.integer({ min: 1, max: 6 }).map((quantity) => ({ kind: 'sale' as const, quantity })),
      fc.integer({ min: 1, max: 6 }).map((quantity) => ({ kind: 'arrival' as const, quantity })),
      fc.integer({ min: 1, max: 6 }).map((quantity) => ({ kind: 'shipment' as const, quantity })),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 8 }), (steps, cuts) => {
        const history = steps.map(({ kind, quantity }, n) =>
          kind === 'receipt' ? receipt(`m${n}`, quantity) : kind === 'arrival' ? arrival(`m${n}`, quantity) : kind === 'shipment' ? shipment(`m${n}`, quantity) : saleOf(`m${n}`, quantity),
        );
        // The table as the write statement keeps it (early-arrival-writes-sql.ts), batch after batch.
        let table: EarlyArrival[] = [];
        let balance: StockBalance | undefined;
        const bounds = [...new Set(cuts.map((cut) => cut % (history.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        for (const to of [...bounds, history.length]) {
          if (to === from) continue;
          const { writes, after } = planned(history.slice(from, to), balance, table);
          table = applied(table, writes);
          balance = after;
          from = to;
        }
        const whole = applyAllOnce(emptyLedger(), history.map((movement) => toDomainMovement(movement, 'EUR')));
        expect(table).toEqual(earlyArrivalsIn(whole.entries));
      }),
      { numRuns: 300 },
    );
  });
});

function saleOf(movementId: string, quantity: number): InventoryMovementV1 {
  return { movementId, kind: 'sale', sku: 'K', locationId: 'S1', quantity, occurredAt: at, source: { system: 'pos', storeId: 'S1', terminalId: 'T1', transactionId: movementId, lineNumber: 1 } };
}

/** What the write statement leaves in one key's rows: the whole set replaced, or the rows aged and the new ones added. */
function applied(rows: readonly EarlyArrival[], writes: readonly EarlyArrivalWrite[]): EarlyArrival[] {
  const [write] = writes;
  if (write === undefined) return [...rows];
  if (write.replace) return write.arrivals.map((arrival) => ({ ...arrival }));
  return [...rows.map((row) => ({ ...row, arrivedSince: row.arrivedSince + write.arrivedSinceAdded })), ...write.arrivals];
}
