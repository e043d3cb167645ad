// A generated history of any size: the ledger scenario's workload (opening receipts, then mostly
// sales over SKU/locations skewed towards fast movers) spread evenly over the year that ends now,
// over `keys` SKU/locations at `locations` stores.
import type { EncodedRecord } from '@ledgerline/contracts';
import { HistoryKeys } from './history-keys';
import { ledgerWorkload, openingKeyCount } from './movement-workload';
import { StockUniverse } from './stock-universe';

const YEAR_MS = 365 * 86_400_000;

export interface GeneratedHistory {
  universe: StockUniverse;
  keys: HistoryKeys;
  movementRecords: () => Generator<EncodedRecord>;
  catalogItems: EncodedRecord[];
  catalogLocations: EncodedRecord[];
}

export function generatedHistory(keyCount: number, locations: number, movements: number, runId: string, now = Date.now()): GeneratedHistory {
  const universe = new StockUniverse(Math.max(1, Math.ceil(keyCount / locations)), locations);
  const startMs = now - YEAR_MS;
  const stepMs = Math.max(1, Math.floor(YEAR_MS / movements));
  const keys = new HistoryKeys();
  const openKeys = openingKeyCount(universe, movements);
  for (let index = 0; index < openKeys; index++) keys.add(universe.key(index), startMs);
  keys.includeTime(startMs + (movements - 1) * stepMs);
  const updatedAt = new Date(startMs).toISOString();
  return {
    universe,
    keys,
    movementRecords: () => ledgerWorkload(universe, movements, runId, { timeline: { startMs, stepMs } }),
    catalogItems: universe.catalogRecords(updatedAt),
    catalogLocations: universe.locationRecords(updatedAt),
  };
}
