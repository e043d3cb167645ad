// The location's stock sorted by days of cover over the whole location: reorder-forecasting ranks
// the location's keys by the days of cover it keeps on each position (one page of its index), and
// the ledger, which owns the balances, fills that page's rows in. The order is forecasting's; the
// figures are the ledger's. A key forecasting ranks that the ledger does not answer (it has not
// applied the key's first movement yet, or no longer holds it) keeps its place with no figures, so
// the page never silently shrinks.

export interface RankedKey {
  readonly sku: string;
  readonly daysOfCover: number | null;
}

export interface CoverRanking {
  readonly total: number;
  readonly withCover: number;
  readonly items: readonly RankedKey[];
}

/** The ledger's rows in the ranking's order, each with its days of cover. */
export function rowsInRankingOrder<T extends { sku: string }>(locationId: string, ranked: readonly RankedKey[], ledgerRows: readonly T[]): Array<(T | { sku: string; locationId: string; notInLedger: true }) & { daysOfCover: number | null }> {
  const bySku = new Map(ledgerRows.map((row) => [row.sku, row]));
  return ranked.map((key) => {
    const row = bySku.get(key.sku);
    return row ? { ...row, daysOfCover: key.daysOfCover } : { sku: key.sku, locationId, notInLedger: true as const, daysOfCover: key.daysOfCover };
  });
}
