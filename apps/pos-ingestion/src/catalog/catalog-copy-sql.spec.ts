import { newestPerKey } from './catalog-copy-sql';

describe('newestPerKey', () => {
  it('keeps one record per key, the newest by updatedAt, the later one on a tie', () => {
    const records = [
      { sku: 'TEA', active: true, updatedAt: '2026-12-01T10:00:00Z' },
      { sku: 'COFFEE', active: true, updatedAt: '2026-12-01T10:00:00Z' },
      { sku: 'TEA', active: false, updatedAt: '2026-12-01T09:00:00Z' },
      { sku: 'COFFEE', active: false, updatedAt: '2026-12-01T11:00:00+01:00' },
    ];
    expect(newestPerKey(records, (record) => record.sku)).toEqual([
      { sku: 'TEA', active: true, updatedAt: '2026-12-01T10:00:00Z' },
      { sku: 'COFFEE', active: false, updatedAt: '2026-12-01T11:00:00+01:00' },
    ]);
  });
});
