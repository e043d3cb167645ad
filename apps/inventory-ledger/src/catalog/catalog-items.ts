// Applies a batch of catalog items in one transaction: the item settings, the re-count of the
// balances of each item whose low-stock threshold changed (LedgerSql.upsertItemSettings), and for
// each item whose valuation method changed, one method-change movement per key it has, into the
// outbox (docs/valuation.md, "The method is the item's"); a change dated in a closed period is
// refused, whole record and all (docs/valuation.md, "Closed periods"). The re-count locks the item's balances
// while batches of movements write theirs in whatever order their statement takes them, so the
// two can meet in opposite orders: PostgreSQL then ends one of them (40P01) and keeps nothing of
// it, and this side applies the batch again.
import type { DataSource } from 'typeorm';
import { LedgerError, requireMethodChangeInOpenPeriod, type BalanceKey, type ValuationMethodChangeMovement } from '@ledgerline/inventory-domain';
import { PermanentMessageError } from '@ledgerline/messaging';
import { sqlStateOf } from '@ledgerline/runtime';
import type { CatalogItemRow, ItemMethodChange, LedgerSql } from '../persistence/ledger-sql';
import { outboundMovementRow } from '../ledger/ledger-events';

const MAX_ATTEMPTS = 5;

/** Applies `items`; returns how many item settings changed. */
export async function applyCatalogItems(dataSource: DataSource, sql: LedgerSql, items: CatalogItemRow[]): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.transaction(async (manager) => {
        const { changed, methodChanges } = await sql.upsertItemSettings(manager, items);
        if (methodChanges.length > 0) {
          const keys = await sql.keysOfItems(manager, methodChanges.map((change) => change.sku));
          // Under the shared period lock to the commit: a close either waits for this change or committed before the read.
          refuseMethodChangesInClosedPeriods(methodChanges, keys, await sql.closedThroughForWrite(manager));
          const bySku = new Map(methodChanges.map((change) => [change.sku, change]));
          await sql.outboxDerivedMovements(manager, keys.map((key) => outboundMovementRow(methodChangeMovement(bySku.get(key.sku)!, key.locationId), undefined)));
        }
        return changed;
      });
    } catch (error) {
      // Beyond the attempts, the consumer's own retry (the error is transient) takes over.
      if (sqlStateOf(error) !== '40P01' || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * A method change dated on or before the day the books are closed through is refused as the
 * catalog record's own fault: the transaction rolls back (nothing of the record is applied) and
 * the consumer sets the record aside on the dead-letter topic with LEDGER.PERIOD_CLOSED. Only a
 * change of something that has a method: an item the ledger knew, or one that has keys. The first
 * record of an item without keys changes no key and is taken whatever its date, so an item the
 * catalog created long ago can still arrive.
 */
function refuseMethodChangesInClosedPeriods(changes: readonly ItemMethodChange[], keys: readonly BalanceKey[], closedThrough: string | null): void {
  if (closedThrough === null) return;
  const withKeys = new Set(keys.map((key) => key.sku));
  try {
    for (const change of changes) {
      if (change.known || withKeys.has(change.sku)) requireMethodChangeInOpenPeriod(change.sku, Date.parse(change.changedAt), closedThrough);
    }
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    throw new PermanentMessageError(error.code, error.message, [{ path: `payload.${error.field ?? 'updatedAt'}`, message: error.message }]);
  }
}

/**
 * The change for one key, dated at the catalog's updatedAt. Its id depends on the key, the method
 * and that time only, so a catalog record applied again derives the same movement, which the
 * outbox and then the ledger each keep once.
 */
export function methodChangeMovement(change: ItemMethodChange, locationId: string): ValuationMethodChangeMovement {
  const changedAt = Date.parse(change.changedAt);
  return {
    movementId: `valuation-method:${change.method}:${new Date(changedAt).toISOString()}:${change.sku}@${locationId}`,
    kind: 'valuation-method-change',
    sku: change.sku,
    locationId,
    occurredAt: changedAt,
    method: change.method,
  };
}
