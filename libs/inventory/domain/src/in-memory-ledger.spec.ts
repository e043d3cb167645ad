// The in-memory ledger applies each movement id once, derived ones included.
import { applyAllOnce, applyOnce, balanceOf, emptyLedger, isDuplicate } from './index';
import { SKU, STORE, count, receipt, sale } from '../test/movement-builders';

describe('in-memory ledger', () => {
  it('ignores a movement id it has already applied', () => {
    const once = applyOnce(emptyLedger(), receipt({ id: 'r1', quantity: 5, unitCost: '1' }));
    const twice = applyOnce(once, receipt({ id: 'r1', quantity: 5, unitCost: '1' }));
    expect(twice).toBe(once);
    expect(isDuplicate(twice, 'r1')).toBe(true);
    expect(isDuplicate(twice, 'r2')).toBe(false);
  });

  it('records derived movement ids as applied', () => {
    const ledger = applyAllOnce(emptyLedger(), [receipt({ id: 'r1', quantity: 5, unitCost: '1' }), count({ id: 'c1', countedQuantity: 3, minute: 5 })]);
    expect(isDuplicate(ledger, 'c1:variance')).toBe(true);
    expect(balanceOf(ledger, SKU, STORE).onHand).toBe(3);
  });

  it('does not change the ledger it was given', () => {
    const start = applyOnce(emptyLedger(), receipt({ id: 'r1', quantity: 5, unitCost: '1' }));
    applyOnce(start, sale({ id: 's1', quantity: 1 }));
    expect(start.entries).toHaveLength(1);
    expect(balanceOf(start, SKU, STORE).onHand).toBe(5);
  });

  it('looks up the low-stock threshold per key', () => {
    const ledger = applyAllOnce(emptyLedger(), [receipt({ id: 'r1', quantity: 5, unitCost: '1' }), sale({ id: 's1', quantity: 2 })], {
      lowStockThreshold: (key) => (key.sku === SKU ? 4 : null),
    });
    expect(ledger.alerts.map((alert) => alert.kind)).toEqual(['low-stock']);
  });
});
