// Replaying the recorded ledger reproduces the stored balance; this is the drift check.
import { LedgerError, applyAllOnce, balanceOf, emptyBalance, emptyLedger, replayBalance } from './index';
import { SKU, STORE, WAREHOUSE, count, receipt, sale, thrownBy } from '../test/movement-builders';

describe('replayBalance', () => {
  const key = { sku: SKU, locationId: STORE };

  it('is the empty balance for an empty ledger', () => {
    expect(replayBalance(key, [])).toEqual(emptyBalance(SKU, STORE));
  });

  it('reproduces a balance built with counts, late movements and derived adjustments', () => {
    const ledger = applyAllOnce(emptyLedger(), [
      receipt({ id: 'r1', quantity: 20, unitCost: '1.25', minute: 0 }),
      sale({ id: 's1', quantity: 3, minute: 30 }),
      count({ id: 'c1', countedQuantity: 15, minute: 20 }),
      sale({ id: 'late', quantity: 2, minute: 10 }),
    ]);
    const recorded = ledger.entries.map((entry) => entry.movement);
    expect(recorded.map((movement) => movement.movementId)).toEqual(['r1', 's1', 'c1', 'c1:variance', 'late', 'late:count-correction']);
    expect(replayBalance(key, recorded)).toEqual(balanceOf(ledger, SKU, STORE));
  });

  it('skips a repeated movement id', () => {
    const once = replayBalance(key, [receipt({ id: 'r1', quantity: 2, unitCost: '1' })]);
    const twice = replayBalance(key, [receipt({ id: 'r1', quantity: 2, unitCost: '1' }), receipt({ id: 'r1', quantity: 2, unitCost: '1' })]);
    expect(twice).toEqual(once);
  });

  it('refuses a movement of another key', () => {
    const error = thrownBy(() => replayBalance(key, [sale({ id: 's1', quantity: 1, locationId: WAREHOUSE })]));
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ code: 'LEDGER.KEY_MISMATCH' });
  });
});
