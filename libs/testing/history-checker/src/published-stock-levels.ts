// What a subscriber of the compacted inventory.stock-levels.v1 topic can check from the topic
// alone (docs/reservations.md, "Stock levels"). A key gets a record after each batch of its
// movements and after each change of its reserved quantity; a consumer drops a re-sent record by
// its eventId and keeps, per key, the newest by isNewerStockLevel (balance version, then
// reservation change). The checks: a re-send carries the same content; one state (key, version,
// reservation change) is told once; each record's available is on hand - reserved; a key's
// records arrive newest last, so compaction (which keeps the last write) keeps the newest; and
// the newest of each key equals the ledger's balance, reserved included.
import { isNewerStockLevel, type Envelope, type StockLevelV1 } from '@ledgerline/contracts';
import { parseMoney } from '@ledgerline/money';
import type { LedgerBalance } from './ledger-invariants';

/** The newest record of each key, as a consumer keeps it: re-sent records dropped by eventId. */
export function newestStockLevels(records: ReadonlyArray<Envelope<StockLevelV1>>): Map<string, StockLevelV1> {
  const seen = new Set<string>();
  const newest = new Map<string, StockLevelV1>();
  for (const { eventId, payload } of records) {
    if (seen.has(eventId)) continue;
    seen.add(eventId);
    const key = `${payload.sku}@${payload.locationId}`;
    const known = newest.get(key);
    if (known === undefined || isNewerStockLevel(payload, known)) newest.set(key, payload);
  }
  return newest;
}

/**
 * Violations of the published stock levels, read in topic order. `ledger`, when given, is every
 * balance of the ledger: each must be the newest record of its key, and no record may name a key
 * the ledger does not hold.
 */
export function publishedStockLevelViolations(records: ReadonlyArray<Envelope<StockLevelV1>>, ledger?: ReadonlyMap<string, LedgerBalance>): string[] {
  const violations: string[] = [];
  const contentById = new Map<string, string>();
  const newest = new Map<string, StockLevelV1>();
  for (const { eventId, payload } of records) {
    const content = JSON.stringify(payload);
    const earlier = contentById.get(eventId);
    if (earlier !== undefined) {
      if (earlier !== content) violations.push(`stock level ${eventId} published again with other content`);
      continue;
    }
    contentById.set(eventId, content);
    const key = `${payload.sku}@${payload.locationId}`;
    if (payload.reserved !== undefined && payload.available !== payload.onHand - payload.reserved) {
      violations.push(`${eventId}: available ${String(payload.available)} of ${payload.onHand} on hand and ${payload.reserved} reserved`);
    }
    const known = newest.get(key);
    if (known !== undefined && !isNewerStockLevel(payload, known)) {
      const state = (level: StockLevelV1) => `${level.balanceVersion}/${level.reservationSequence ?? '-'}`;
      violations.push(
        isNewerStockLevel(known, payload)
          ? `${eventId}: state ${state(payload)} of ${key} after ${state(known)}, where compaction would keep the older`
          : `${eventId}: state ${state(payload)} of ${key} told a second time under another id`,
      );
      continue;
    }
    newest.set(key, payload);
  }
  for (const [key, balance] of ledger ?? []) {
    const believed = newest.get(key);
    if (believed === undefined) {
      violations.push(`${key}: no stock level published (ledger at version ${balance.balanceVersion})`);
      continue;
    }
    const differences = differingFields(believed, balance);
    if (differences.length > 0) violations.push(`${key}: ${differences.join(', ')}`);
  }
  for (const key of newest.keys()) {
    if (ledger !== undefined && !ledger.has(key)) violations.push(`${key}: a stock level of a balance the ledger does not hold`);
  }
  return violations;
}

function differingFields(believed: StockLevelV1, balance: LedgerBalance): string[] {
  const differences: string[] = [];
  const compare = (field: string, published: unknown, held: unknown) => {
    if (published !== held) differences.push(`${field} published ${String(published)} vs ledger ${String(held)}`);
  };
  compare('onHand', believed.onHand, balance.onHand);
  compare('inTransit', believed.inTransit, balance.inTransit);
  compare('onOrder', believed.onOrder, balance.onOrder);
  compare('inventoryValue', parseMoney(believed.inventoryValue), balance.inventoryValue);
  compare('averageUnitCost', parseMoney(believed.averageUnitCost), balance.averageUnitCost);
  compare('balanceVersion', believed.balanceVersion, balance.balanceVersion);
  compare('reserved', believed.reserved, balance.reserved);
  compare('available', believed.available, balance.onHand - balance.reserved);
  return differences;
}
