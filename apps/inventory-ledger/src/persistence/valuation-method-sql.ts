// A change of an item's valuation method reaches each of its keys as a movement of its own
// (docs/valuation.md, "The method is the item's"): in the catalog's transaction, while
// upsertItemSettings holds the balances still, the keys the item has are listed and one derived
// movement per key goes into the outbox, which the relay publishes on the movements topic under
// the key, so each key applies the change in its own order. Only a batch of the catalog that
// changes a method runs these two statements.
import type { EntityManager } from 'typeorm';
import type { BalanceKey } from '@ledgerline/inventory-domain';
import type { OutboxRow } from '../ledger/ledger-events';

/** The keys with a balance of each SKU, in key order. */
export async function keysOfItems(manager: Pick<EntityManager, 'query'>, balanceTable: string, skus: readonly string[]): Promise<BalanceKey[]> {
  const rows: Array<{ sku: string; location_id: string }> = await manager.query(
    `SELECT sku, location_id FROM ${balanceTable} WHERE sku = ANY($1::text[]) AND version > 0 ORDER BY sku, location_id`,
    [skus],
  );
  return rows.map((row) => ({ sku: row.sku, locationId: row.location_id }));
}

/** Adds derived movements to the outbox; one already there (a catalog record applied again) is kept as it was. */
export async function outboxDerivedMovements(manager: Pick<EntityManager, 'query'>, outboxTable: string, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const document = JSON.stringify(rows.map((row) => ({ event_id: row.eventId, topic: row.topic, message_key: row.key, payload: row.payload })));
  await manager.query(
    `INSERT INTO ${outboxTable} (event_id, topic, message_key, payload)
     SELECT event_id, topic, message_key, payload FROM jsonb_to_recordset($1::jsonb) AS o(event_id text, topic text, message_key text, payload jsonb)
     ON CONFLICT (event_id) DO NOTHING`,
    [document],
  );
}

/**
 * The day the books are closed through, under the shared period lock held to the end of the
 * caller's transaction (migration 1769900000000): a method change is checked against it, and no
 * close can commit before the change does.
 */
export async function closedThroughForWrite(manager: Pick<EntityManager, 'query'>, schemaName: string): Promise<string | null> {
  const [row] = (await manager.query(`SELECT to_char(${schemaName}.closed_through_for_write(), 'YYYY-MM-DD') AS closed`)) as Array<{ closed: string | null }>;
  return row?.closed ?? null;
}
