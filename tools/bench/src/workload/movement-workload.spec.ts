import { TOPICS, decodeEvent } from '@ledgerline/contracts';
import { ledgerWorkload, openingKeyCount } from './movement-workload';
import { StockUniverse } from './stock-universe';

describe('ledger workload', () => {
  const universe = new StockUniverse(200, 4);
  const records = [...ledgerWorkload(universe, 2_000, 'r1')];

  it('produces exactly the requested count of valid, uniquely identified movements', () => {
    expect(records).toHaveLength(2_000);
    const movements = records.map((record) => {
      const decoded = decodeEvent(TOPICS.inventoryMovements, record.value);
      if (!decoded.ok) throw new Error(decoded.reason);
      return decoded.value.payload;
    });
    expect(new Set(movements.map((movement) => movement.movementId)).size).toBe(2_000);
    expect(records.every((record, index) => record.key === `${movements[index]!.sku}@${movements[index]!.locationId}`)).toBe(true);
  });

  it('opens stock with receipts, then is mostly sales, like a retail day', () => {
    const kinds = records.map((record) => (JSON.parse(record.value) as { payload: { kind: string } }).payload.kind);
    const opening = openingKeyCount(universe, 2_000);
    expect(kinds.slice(0, opening).every((kind) => kind === 'receipt')).toBe(true);
    const sales = kinds.slice(opening).filter((kind) => kind === 'sale').length;
    expect(sales / (2_000 - opening)).toBeGreaterThan(0.85);
  });

  it('makes movement-sized messages of about 500 bytes', () => {
    const sale = records.find((record) => record.value.includes('"sale"'))!;
    expect(sale.value.length).toBeGreaterThan(350);
    expect(sale.value.length).toBeLessThan(700);
  });

  it('is the same workload on every run', () => {
    expect([...ledgerWorkload(universe, 2_000, 'r1')].map((record) => record.key)).toEqual(records.map((record) => record.key));
  });
});
