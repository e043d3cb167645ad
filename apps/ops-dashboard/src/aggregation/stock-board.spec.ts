import { catalogItemV1Example, stockLevelV1Example, type StockLevelV1 } from '@ledgerline/contracts';
import { StockBoard, stockState } from './stock-board';

const level = (sku: string, onHand: number, balanceVersion = 1, overrides: Partial<StockLevelV1> = {}): StockLevelV1 => ({
  ...stockLevelV1Example,
  sku,
  locationId: 'S1',
  onHand,
  balanceVersion,
  inventoryValue: (onHand * 2).toFixed(4),
  updatedAt: new Date(Date.UTC(2026, 2, 2, 9, 0, balanceVersion)).toISOString(),
  ...overrides,
});

describe('stockState', () => {
  it.each([
    [-1, 5, 'negative'],
    [0, 5, 'stockout'],
    [5, 5, 'low'],
    [6, 5, 'ok'],
    [1, null, 'ok'],
  ] as const)('on hand %p with threshold %p is %p', (onHand, threshold, state) => {
    expect(stockState(onHand, threshold)).toBe(state);
  });
});

describe('StockBoard', () => {
  it('keeps the newest balance per key, whatever order records arrive in', () => {
    const board = new StockBoard();
    expect(board.applyLevel(level('A', 10, 3))).toBe(true);
    expect(board.applyLevel(level('A', 99, 2))).toBe(false);
    expect(board.applyLevel(level('A', 8, 4))).toBe(true);
    expect(board.summary(10).recentRows.map((row) => row.onHand)).toEqual([8]);
    expect(board.size).toBe(1);
    board.removeLevel('A@S1');
    expect(board.size).toBe(0);
  });

  it('takes a reservation change of the same version after its movement, and the later change after the earlier', () => {
    const board = new StockBoard();
    const afterGrant = level('A', 10, 3, { reserved: 4, available: 6, reservationSequence: 21 });
    const afterRelease = level('A', 10, 3, { reserved: 1, available: 9, reservationSequence: 22 });
    expect(board.applyLevel(level('A', 10, 3, { reserved: 0, available: 10 }))).toBe(true);
    expect(board.applyLevel(afterRelease)).toBe(true);
    expect(board.applyLevel(afterGrant)).toBe(false);
    expect(board.applyLevel(level('A', 10, 3, { reserved: 0, available: 10 }))).toBe(false);
    expect(board.applyLevel(level('A', 7, 4, { reserved: 1, available: 6 }))).toBe(true);
    expect(board.summary(10).recentRows.map((row) => row.onHand)).toEqual([7]);
  });

  it('counts and lists negative, out-of-stock and low balances against catalog thresholds', () => {
    const board = new StockBoard();
    board.applyItem({ ...catalogItemV1Example, sku: 'LOW', lowStockThreshold: 10 });
    board.applyItem({ ...catalogItemV1Example, sku: 'LOWER', lowStockThreshold: 10 });
    board.applyItem({ ...catalogItemV1Example, sku: 'FINE', lowStockThreshold: 10 });
    board.applyLevel(level('LOW', 8));
    board.applyLevel(level('LOWER', 2));
    board.applyLevel(level('FINE', 50));
    board.applyLevel(level('GONE', 0));
    board.applyLevel(level('OVERSOLD', -3));
    board.applyLevel(level('WORSE', -7));
    const summary = board.summary(10);
    expect(summary).toMatchObject({ tracked: 6, negative: 2, stockout: 1, low: 2 });
    expect(summary.negativeRows.map((row) => row.sku)).toEqual(['WORSE', 'OVERSOLD']);
    expect(summary.lowRows.map((row) => [row.sku, row.state])).toEqual([['GONE', 'stockout'], ['LOWER', 'low'], ['LOW', 'low']]);
    expect(summary.inventoryValue).toBe('100.0000');
  });

  it('limits lists to the top N and orders recent changes newest first', () => {
    const board = new StockBoard();
    for (let version = 1; version <= 5; version++) board.applyLevel(level(`S${version}`, -version, version));
    const summary = board.summary(2);
    expect(summary.negativeRows.map((row) => row.sku)).toEqual(['S5', 'S4']);
    expect(summary.recentRows.map((row) => row.sku)).toEqual(['S5', 'S4']);
    expect(summary.negative).toBe(5);
  });

  it('sums inventory value exactly', () => {
    const board = new StockBoard();
    board.applyLevel(level('A', 1, 1, { inventoryValue: '0.1000' }));
    board.applyLevel(level('B', 1, 1, { inventoryValue: '0.2000' }));
    expect(board.summary(5).inventoryValue).toBe('0.3000');
  });

  it('re-reads a balance against a changed catalog threshold', () => {
    const board = new StockBoard();
    board.applyLevel(level('TEA', 8));
    expect(board.summary(5)).toMatchObject({ low: 0 });
    board.applyItem({ ...catalogItemV1Example, sku: 'TEA', lowStockThreshold: 10 });
    expect(board.summary(5)).toMatchObject({ low: 1, lowRows: [expect.objectContaining({ sku: 'TEA', threshold: 10, state: 'low' })] });
    board.applyItem({ ...catalogItemV1Example, sku: 'TEA', lowStockThreshold: 5 });
    expect(board.summary(5)).toMatchObject({ low: 0, lowRows: [] });
  });

  it('keeps the most recent balances right through updates and tombstones, and reuses an unchanged summary', () => {
    const board = new StockBoard(3);
    for (let version = 1; version <= 6; version++) board.applyLevel(level(`K${version}`, 10, version));
    const recent = () => board.summary(3).recentRows.map((row) => row.sku);
    expect(recent()).toEqual(['K6', 'K5', 'K4']);
    board.applyLevel(level('K2', 10, 7));
    expect(recent()).toEqual(['K2', 'K6', 'K5']);
    board.removeLevel('K6@S1');
    expect(recent()).toEqual(['K2', 'K5', 'K4']);
    // A balance whose newer version carries an older time drops behind the ones outside the list.
    board.applyLevel(level('K5', 10, 8, { updatedAt: '2026-03-02T08:00:00.000Z' }));
    expect(recent()).toEqual(['K2', 'K4', 'K3']);
    expect(board.summary(3)).toBe(board.summary(3));
  });

  it('agrees with a full recount after many random changes', () => {
    const board = new StockBoard(5);
    const model = new Map<string, StockLevelV1>();
    let seed = 7;
    const next = (limit: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % limit;
    for (let step = 1; step <= 2_000; step++) {
      const sku = `P${next(40)}`;
      if (next(10) === 0) {
        board.removeLevel(`${sku}@S1`);
        model.delete(sku);
        continue;
      }
      const changed = level(sku, next(30) - 5, step, { updatedAt: new Date(Date.UTC(2026, 0, 1) + next(100_000) * 1000).toISOString() });
      board.applyLevel(changed);
      model.set(sku, changed);
    }
    const all = [...model.values()];
    const summary = board.summary(5);
    expect(summary.tracked).toBe(all.length);
    expect(summary.negative).toBe(all.filter((entry) => entry.onHand < 0).length);
    expect(summary.stockout).toBe(all.filter((entry) => entry.onHand === 0).length);
    const newest = [...all].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || (a.sku < b.sku ? -1 : 1)).slice(0, 5);
    expect(summary.recentRows.map((row) => row.sku)).toEqual(newest.map((entry) => entry.sku));
    const value = all.reduce((sum, entry) => sum + Math.round(Number(entry.inventoryValue) * 10_000), 0);
    expect(summary.inventoryValue).toBe((value / 10_000).toFixed(4));
  });
});
