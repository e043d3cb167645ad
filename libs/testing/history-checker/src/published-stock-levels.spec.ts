import { TOPICS, createEnvelope, stockLevelV1Example, type StockLevelV1 } from '@ledgerline/contracts';
import type { LedgerBalance } from './ledger-invariants';
import { newestStockLevels, publishedStockLevelViolations } from './published-stock-levels';

const key = `${stockLevelV1Example.sku}@${stockLevelV1Example.locationId}`;
function level(balanceVersion: number, onHand: number, reserved: number, reservationSequence?: number) {
  const payload: StockLevelV1 = {
    ...stockLevelV1Example,
    balanceVersion,
    onHand,
    reserved,
    available: onHand - reserved,
    ...(reservationSequence === undefined ? {} : { reservationSequence }),
  };
  const eventId = `stock-level:${key}:${balanceVersion}${reservationSequence === undefined ? '' : `:reservation-event:${reservationSequence}`}`;
  return createEnvelope(TOPICS.stockLevels, payload, { producer: 'inventory-ledger', occurredAt: stockLevelV1Example.updatedAt, eventId });
}
const ledgerAt = (balanceVersion: number, onHand: number, reserved: number): Map<string, LedgerBalance> =>
  new Map([[key, { onHand, inTransit: 0, onOrder: 0, inventoryValue: 2_980_000n, averageUnitCost: 74_500n, balanceVersion, reserved }]]);

describe('publishedStockLevelViolations', () => {
  it('accepts movements and reservation changes in the order made, a re-send, and a newest record equal to the balance', () => {
    const afterGrant = level(1, 40, 3, 7);
    const records = [level(1, 40, 0), afterGrant, level(1, 40, 1, 9), afterGrant, level(2, 38, 1), level(2, 38, 0, 12)];
    expect(publishedStockLevelViolations(records, ledgerAt(2, 38, 0))).toEqual([]);
    expect(newestStockLevels(records).get(key)).toMatchObject({ balanceVersion: 2, reservationSequence: 12, reserved: 0, available: 38 });
  });

  it('names an older state after a newer one, a state told twice, a re-send with other content and a wrong available', () => {
    const grant = level(1, 40, 3, 7);
    const violations = publishedStockLevelViolations([
      level(2, 38, 3),
      grant,
      { ...level(2, 38, 3), eventId: 'stock-level:again' },
      { ...level(2, 38, 3), payload: { ...level(2, 38, 3).payload, onHand: 37 } },
      { ...level(3, 38, 1), payload: { ...level(3, 38, 1).payload, available: 38 } },
    ]);
    expect(violations).toEqual([
      `${grant.eventId}: state 1/7 of ${key} after 2/-, where compaction would keep the older`,
      `stock-level:again: state 2/- of ${key} told a second time under another id`,
      `stock level stock-level:${key}:2 published again with other content`,
      `stock-level:${key}:3: available 38 of 38 on hand and 1 reserved`,
    ]);
  });

  it('names a newest record that differs from the balance, a balance never published and a record of no balance', () => {
    const ledger = ledgerAt(2, 38, 2);
    ledger.set('OTHER@S1', { onHand: 1, inTransit: 0, onOrder: 0, inventoryValue: 10_000n, averageUnitCost: 10_000n, balanceVersion: 1, reserved: 0 });
    const stray = { ...level(1, 5, 0), payload: { ...level(1, 5, 0).payload, sku: 'STRAY' }, eventId: 'stock-level:STRAY' };
    expect(publishedStockLevelViolations([level(2, 38, 0, 4), stray], ledger)).toEqual([
      `${key}: reserved published 0 vs ledger 2, available published 38 vs ledger 36`,
      'OTHER@S1: no stock level published (ledger at version 1)',
      `STRAY@${stockLevelV1Example.locationId}: a stock level of a balance the ledger does not hold`,
    ]);
  });
});
