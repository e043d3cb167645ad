// A history loaded with the bulk loader ends exactly where the same movements consumed from the
// movements topic end (real broker and PostgreSQL): the same balances and values, the same
// movement rows and valuation deltas, the ledger's invariants hold, and its events are withheld.
// Loading it again changes nothing; what the consumer dead-letters the loader refuses.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { TOPICS, createEnvelope, type InventoryMovementV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants, ledgerBalances } from '@ledgerline/history-checker';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, waitFor, type TestDatabase } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from '../../test/running-ledger';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerWriter } from '../ledger/ledger-writer';
import { ValuationSql } from '../valuation/valuation-sql';
import { BulkLoader, type RefusedLine } from './bulk-loader';

jest.setTimeout(120_000);

const SCHEMA = 'inventory_ledger';
const LOCATIONS = ['S1', 'S2', 'S3'];
const at = (minute: number) => new Date(Date.UTC(2026, 9, 1, 8, 0) + minute * 60_000).toISOString();

/**
 * Receipts at changing costs, sales, returns, adjustments and counts (each count's variance is a
 * movement the ledger derives) over 12 SKUs at 3 stores, in business-time order.
 */
function history(): InventoryMovementV1[] {
  const movements: InventoryMovementV1[] = [];
  for (let index = 0; index < 600; index++) {
    const sku = `SKU-${index % 12}`;
    const locationId = LOCATIONS[index % 3]!;
    const common = { sku, locationId, occurredAt: at(index) };
    const draw = (index * 7919) % 100;
    if (index < 36 || draw < 10) {
      movements.push({ ...common, movementId: `erp:R-${index}:1`, kind: 'receipt', quantity: 20 + (index % 9), unitCost: `${(2 + (index % 5) * 0.25).toFixed(4)}`, source: { system: 'erp', documentId: `R-${index}` } });
    } else if (draw < 14) {
      movements.push({ ...common, movementId: `pos:${locationId}:RT${index}:1`, kind: 'return', quantity: 1, source: { system: 'pos', storeId: locationId, transactionId: `RT${index}`, lineNumber: 1 } });
    } else if (draw < 18) {
      movements.push({ ...common, movementId: `erp:ADJ-${index}`, kind: 'adjustment', quantity: -1, reasonCode: 'damaged', source: { system: 'erp', documentId: `ADJ-${index}` } });
    } else if (draw < 20) {
      movements.push({ ...common, movementId: `erp:CNT-${index}:1`, kind: 'count', countId: `CNT-${index}`, countedQuantity: 15, source: { system: 'erp', documentId: `CNT-${index}` } });
    } else {
      movements.push({ ...common, movementId: `pos:${locationId}:T${index}:1`, kind: 'sale', quantity: 1 + (index % 3), source: { system: 'pos', storeId: locationId, transactionId: `T${index}`, lineNumber: 1 } });
    }
  }
  return movements;
}

/** Refused by a ledger rule: only the ledger may post count corrections. */
const reservedReason: InventoryMovementV1 = {
  movementId: 'erp:ADJ-reserved',
  kind: 'adjustment',
  sku: 'SKU-1',
  locationId: 'S1',
  quantity: 5,
  reasonCode: 'count-correction',
  occurredAt: at(700),
  source: { system: 'erp', documentId: 'ADJ-reserved' },
};

const envelopeLine = (movement: InventoryMovementV1) => JSON.stringify(createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'erp', occurredAt: movement.occurredAt }));

/**
 * What both ledgers must agree on, cause and recording time left out. The running ledger folds
 * its valuation deltas into running totals as it goes; both are folded whole first, so the totals
 * compare whatever either had folded.
 */
async function ledgerState(client: Client) {
  const manager = { query: async <T>(sql: string, parameters?: unknown[]): Promise<T> => (await client.query(sql, parameters)).rows as T };
  await new ValuationSql(SCHEMA).foldDeltas(manager, 1_000_000);
  const movements = await client.query(
    `SELECT movement_id, kind, sku, location_id, quantity_delta::text, value_delta::text, cost_of_goods_sold::text, balance_version::text, on_hand_after::text
       FROM ${SCHEMA}.movement ORDER BY movement_id`,
  );
  const valuation = await client.query(
    `SELECT location_id, on_hand::text, inventory_value::text, in_transit_value::text, cost_of_goods_sold::text, balances::text FROM ${SCHEMA}.location_valuation ORDER BY 1`,
  );
  const dailyCostOfGoodsSold = await client.query(`SELECT location_id, day::text, cost_of_goods_sold::text FROM ${SCHEMA}.location_daily_cogs ORDER BY 1, 2`);
  const balances = await client.query(`SELECT sku, location_id, average_unit_cost::text, last_movement_id FROM ${SCHEMA}.stock_balance ORDER BY 1, 2`);
  return {
    balances: [...(await ledgerBalances(client, SCHEMA)).entries()].sort(),
    balanceRows: balances.rows,
    movements: movements.rows,
    valuation: valuation.rows,
    dailyCostOfGoodsSold: dailyCostOfGoodsSold.rows,
  };
}

describe('bulk load equals consumption (real Kafka and PostgreSQL)', () => {
  const movements = history();
  let consumed: RunningLedger;
  let loadedDatabase: TestDatabase;
  let loadedSource: DataSource;
  const clients: Client[] = [];

  async function clientOf(url: string): Promise<Client> {
    const client = new Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    consumed = await startRunningLedger('bulk-load-consumed');
    loadedDatabase = await createTestDatabase('bulk-load-loaded');
    loadedSource = await openServiceDatabase(ledgerDatabaseOptions(ledgerConfigSchema.parse({ ...loadedDatabase.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '3' })));
  });

  afterAll(async () => {
    for (const client of clients) await client.end();
    await loadedSource?.destroy();
    await loadedDatabase?.drop();
    await consumed?.close();
  });

  it('writes what consuming the movements writes, withholds their events, and loads a second time as duplicates', async () => {
    await consumed.publish([...movements, reservedReason]);
    const consumedClient = await clientOf(consumed.database.url);
    const ids = movements.map(({ movementId }) => movementId);
    await waitFor(
      async () => {
        const { rows } = await consumedClient.query(
          `SELECT (SELECT count(*)::int FROM ${SCHEMA}.applied_movement_id WHERE movement_id = ANY($1::text[])) AS applied,
                  (SELECT count(*)::int FROM ${SCHEMA}.outbox WHERE published_at IS NULL) AS pending`,
          [ids],
        );
        return rows[0].applied === ids.length && rows[0].pending === 0;
      },
      { timeoutMs: 90_000, description: 'the ledger to apply every movement and publish its events' },
    );
    const writer = new LedgerWriter(loadedSource, SCHEMA, undefined, undefined, undefined, 'withhold');
    const refused: RefusedLine[] = [];
    const lines = [...movements, reservedReason].map(envelopeLine);
    const totals = await new BulkLoader(writer, { batchSize: 64, lanes: 2, onRefused: (refusal) => refused.push(refusal) }).load(lines);
    expect(totals).toMatchObject({ lines: movements.length + 1, duplicates: 0, refused: 1 });
    expect(refused).toEqual([expect.objectContaining({ line: movements.length + 1, movementId: reservedReason.movementId, code: 'LEDGER.RESERVED_REASON_CODE' })]);

    const loadedClient = await clientOf(loadedDatabase.url);
    const loadedState = await ledgerState(loadedClient);
    // The counts' variances are movements of their own, applied with them.
    expect(loadedState.movements.length).toBeGreaterThan(movements.length);
    expect(totals.applied).toBe(loadedState.movements.length);
    expect(loadedState).toEqual(await ledgerState(consumedClient));
    expect((await checkLedgerInvariants(loadedClient, SCHEMA)).violations).toEqual([]);
    expect((await checkLedgerInvariants(consumedClient, SCHEMA)).violations).toEqual([]);
    // Withheld: every event the load owes subscribers is recorded as published, and none was sent.
    const { rows: outbox } = await loadedClient.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS pending FROM ${SCHEMA}.outbox`);
    expect(outbox[0].total).toBeGreaterThan(0);
    expect(outbox[0].pending).toBe(0);

    const again = await new BulkLoader(writer, { batchSize: 100, lanes: 3 }).load(lines);
    expect(again).toEqual({ lines: movements.length + 1, applied: 0, duplicates: movements.length, refused: 1 });
    expect(await ledgerState(loadedClient)).toEqual(loadedState);
  });

  it('leaves a derived movement for the relay: a transfer still owes its shipment to the receiving store', async () => {
    const writer = new LedgerWriter(loadedSource, SCHEMA, undefined, undefined, undefined, 'withhold');
    const transfer: InventoryMovementV1 = {
      movementId: 'wms:TR-1:out:1',
      kind: 'transfer-out',
      sku: 'SKU-2',
      locationId: 'S1',
      quantity: 2,
      occurredAt: at(800),
      source: { system: 'wms', documentId: 'TR-1' },
      transferId: 'TR-1',
      toLocationId: 'S2',
    };
    expect(await new BulkLoader(writer, { batchSize: 10, lanes: 1 }).load([envelopeLine(transfer)])).toMatchObject({ applied: 1, refused: 0 });
    const { rows } = await (await clientOf(loadedDatabase.url)).query(`SELECT topic, message_key FROM ${SCHEMA}.outbox WHERE published_at IS NULL`);
    expect(rows).toEqual([{ topic: TOPICS.inventoryMovements.name, message_key: 'SKU-2@S2' }]);
  });
});
