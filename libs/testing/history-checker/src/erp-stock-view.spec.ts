import { compareWithLedger, erpStockView, type StockChangedEnvelope, type StockFigures } from './erp-stock-view';

function event(movementId: string, balanceVersion: number, onHand: number, key = 'COFFEE@S1'): StockChangedEnvelope {
  const [sku, locationId] = key.split('@') as [string, string];
  return {
    eventId: `stock-changed:${movementId}`,
    payload: { movementId, sku, locationId, onHand, inTransit: 0, onOrder: 0, inventoryValue: `${onHand * 2}.5`, balanceVersion },
  };
}

const ledger = (onHand: number, balanceVersion: number): Map<string, StockFigures> =>
  new Map([['COFFEE@S1', { onHand, inTransit: 0, onOrder: 0, inventoryValue: BigInt(onHand * 2) * 10_000n + 5_000n, balanceVersion }]]);

describe('erpStockView', () => {
  it('drops a redelivered event and keeps the highest version per key, whatever the arrival order', () => {
    const view = erpStockView([event('m2', 2, 7), event('m1', 1, 10), event('m2', 2, 7), event('m3', 3, 4), event('m1', 1, 10)]);
    expect(view.duplicateEventsDropped).toBe(2);
    expect(view.eventsReceived).toBe(5);
    expect(view.balances.get('COFFEE@S1')).toEqual({ onHand: 4, inTransit: 0, onOrder: 0, inventoryValue: 85_000n, balanceVersion: 3 });
    expect([...view.movementIds].sort()).toEqual(['m1', 'm2', 'm3']);
    expect(compareWithLedger(view, ledger(4, 3))).toEqual([]);
  });

  it('reports a consumer left behind the ledger', () => {
    const view = erpStockView([event('m1', 1, 10)]);
    expect(compareWithLedger(view, ledger(4, 3))).toEqual(['COFFEE@S1: onHand consumer 10 vs ledger 4, inventoryValue consumer 205000 vs ledger 85000, balanceVersion consumer 1 vs ledger 3']);
  });

  it('reports two different movements claiming the same version of a key', () => {
    const view = erpStockView([event('m1', 1, 10), event('m9', 1, 10)]);
    expect(compareWithLedger(view, ledger(10, 1))).toEqual(['two events for one version COFFEE@S1#1: m1 and m9']);
  });

  it('reports keys only one side knows', () => {
    const view = erpStockView([event('m1', 1, 10, 'TEA@S1')]);
    expect(compareWithLedger(view, ledger(4, 3))).toEqual([
      'COFFEE@S1: the consumer never heard of it (ledger at version 3)',
      'TEA@S1: the consumer holds a balance the ledger does not',
    ]);
  });
});
