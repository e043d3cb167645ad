import { rowsInRankingOrder } from './cover-ranking';

describe('rowsInRankingOrder', () => {
  const ledger = [
    { sku: 'A', locationId: 'S1', onHand: 40 },
    { sku: 'B', locationId: 'S1', onHand: 5 },
    { sku: 'C', locationId: 'S1', onHand: 0 },
  ];

  it("keeps forecasting's order and the ledger's figures, with each key's days of cover", () => {
    const rows = rowsInRankingOrder('S1', [{ sku: 'C', daysOfCover: 0 }, { sku: 'B', daysOfCover: 5 }, { sku: 'A', daysOfCover: null }], ledger);
    expect(rows).toEqual([
      { sku: 'C', locationId: 'S1', onHand: 0, daysOfCover: 0 },
      { sku: 'B', locationId: 'S1', onHand: 5, daysOfCover: 5 },
      { sku: 'A', locationId: 'S1', onHand: 40, daysOfCover: null },
    ]);
  });

  it('keeps a ranked key the ledger did not answer in its place, marked, without figures', () => {
    const rows = rowsInRankingOrder('S1', [{ sku: 'B', daysOfCover: 5 }, { sku: 'NEW', daysOfCover: 2.5 }, { sku: 'A', daysOfCover: 10 }], ledger);
    expect(rows.map((row) => row.sku)).toEqual(['B', 'NEW', 'A']);
    expect(rows[1]).toEqual({ sku: 'NEW', locationId: 'S1', notInLedger: true, daysOfCover: 2.5 });
  });
});
