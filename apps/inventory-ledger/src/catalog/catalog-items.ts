// Applies a batch of catalog items in one transaction: the item settings, and the re-count of the
// balances of each item whose low-stock threshold changed (LedgerSql.upsertItemSettings). The
// re-count locks the item's balances while batches of movements write theirs in whatever order
// their statement takes them, so the two can meet in opposite orders: PostgreSQL then ends one of
// them (40P01) and keeps nothing of it, and this side applies the batch again.
import type { DataSource } from 'typeorm';
import { sqlStateOf } from '@ledgerline/runtime';
import type { CatalogItemRow, LedgerSql } from '../persistence/ledger-sql';

const MAX_ATTEMPTS = 5;

/** Applies `items`; returns how many item settings changed. */
export async function applyCatalogItems(dataSource: DataSource, sql: LedgerSql, items: CatalogItemRow[]): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.transaction((manager) => sql.upsertItemSettings(manager, items));
    } catch (error) {
      // Beyond the attempts, the consumer's own retry (the error is transient) takes over.
      if (sqlStateOf(error) !== '40P01' || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
