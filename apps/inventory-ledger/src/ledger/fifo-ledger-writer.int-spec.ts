// Keys valued first in, first out through the SQL writer, against the real database: the layers
// stored, read back batch after batch and written only where movements consumed or opened them.
// A long random history of one FIFO key and one average key, applied in batches of 1 to 600 (the
// small-batch statement and the COPY path) by two writers at once (so batches meet each other and
// are applied again with their balances locked), ends exactly where the domain's in-memory fold of
// the whole history ends: balances, cost of goods sold and layers. The history checker holds, and
// names a layer changed behind the ledger's back.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { NO_LAYERS, applyMovements, balanceKey, type KeyLayers } from '@ledgerline/inventory-domain';
import { formatMoney } from '@ledgerline/money';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { StockLayersService } from '../query/stock-layers.service';
import { LedgerWriter } from './ledger-writer';
import { toDomainMovement } from './movement-mapper';

jest.setTimeout(120_000);

const SCHEMA = 'inventory_ledger';
const FIFO_SKU = 'FIFO-1';
const AVERAGE_SKU = 'AVG-1';

describe('LedgerWriter with FIFO items (real PostgreSQL)', () => {
  let database: TestDatabase;
  let first: DataSource;
  let second: DataSource;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('fifo-ledger-writer');
    const config = ledgerConfigSchema.parse({ ...database.serviceEnv(SCHEMA), DATABASE_POOL_SIZE: '3' });
    first = await openServiceDatabase(ledgerDatabaseOptions(config));
    second = await openServiceDatabase(ledgerDatabaseOptions(config));
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(`INSERT INTO ${SCHEMA}.item_setting (sku, description, low_stock_threshold, valuation_method) VALUES ($1, 'fifo', NULL, 'fifo'), ($2, 'average', NULL, 'moving-average')`, [
      FIFO_SKU,
      AVERAGE_SKU,
    ]);
  });

  afterAll(async () => {
    await client?.end();
    await first?.destroy();
    await second?.destroy();
    await database?.drop();
  });

  const at = (step: number) => new Date(Date.UTC(2026, 11, 1, 8, 0) + step * 1_000).toISOString();

  /** A seeded random history: receipts at uneven costs, sales (some past zero), returns, write-offs and found stock. */
  function history(seed: number, length: number): InventoryMovementV1[] {
    let state = seed;
    const next = (below: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state % below;
    };
    return Array.from({ length }, (_, step): InventoryMovementV1 => {
      const sku = next(3) === 0 ? AVERAGE_SKU : FIFO_SKU;
      const id = `m-${seed}-${step}`;
      const quantity = 1 + next(9);
      const base = { movementId: id, sku, locationId: 'W1', occurredAt: at(step) };
      switch (next(6)) {
        case 0:
        case 1:
          return { ...base, kind: 'receipt', quantity, unitCost: formatMoney(BigInt(5_000 + next(40_000))), source: { system: 'erp', documentId: id } };
        case 2:
        case 3:
          return { ...base, kind: 'sale', quantity, source: { system: 'pos', storeId: 'W1', terminalId: 'T1', transactionId: id, lineNumber: 1 } };
        case 4:
          return { ...base, kind: 'return', quantity: 1, source: { system: 'pos', storeId: 'W1', terminalId: 'T1', transactionId: id, lineNumber: 1 } };
        default:
          return { ...base, kind: 'adjustment', quantity: next(2) === 0 ? -quantity : quantity, reasonCode: 'damaged', source: { system: 'erp', documentId: id } };
      }
    });
  }

  async function storedLayers(sku: string): Promise<KeyLayers> {
    const { rows } = await client.query<{ pool: string; units: string; value: string; received_at: Date }>(
      `SELECT pool, units, value::text, received_at FROM ${SCHEMA}.stock_layer WHERE sku = $1 AND location_id = 'W1' ORDER BY pool, position`,
      [sku],
    );
    const layersOf = (pool: string) =>
      rows.filter((row) => row.pool === pool).map((row) => ({ units: Number(row.units), value: BigInt(row.value.replace('.', '')), receivedAt: row.received_at.getTime() }));
    return { onHand: layersOf('on-hand'), inTransit: layersOf('in-transit') };
  }

  async function storedBalance(sku: string) {
    const { rows } = await client.query<{ on_hand: string; inventory_value: string; valuation_method: string; cogs: string }>(
      `SELECT b.on_hand, b.inventory_value::text, b.valuation_method,
              (SELECT sum(cost_of_goods_sold)::text FROM ${SCHEMA}.movement m WHERE m.sku = b.sku AND m.location_id = b.location_id) AS cogs
         FROM ${SCHEMA}.stock_balance b WHERE b.sku = $1 AND b.location_id = 'W1'`,
      [sku],
    );
    return rows[0];
  }

  it('applies a long history in uneven batches from two writers exactly as the in-memory FIFO fold, layers included', async () => {
    const movements = history(20261207, 1_500);
    const domain = movements.map((movement) => toDomainMovement(movement, 'EUR'));
    const expected = applyMovements(new Map(), domain, () => ({}), { fifoLayersOf: (movement) => (movement.sku === FIFO_SKU ? NO_LAYERS : undefined) });

    const sizes = [1, 3, 600, 7, 40, 1, 250, 13, 2, 500];
    const batches: InventoryMovementV1[][] = [];
    for (let offset = 0, index = 0; offset < movements.length; index += 1) {
      const size = sizes[index % sizes.length]!;
      batches.push(movements.slice(offset, offset + size));
      offset += size;
    }
    const writers = [new LedgerWriter(first, SCHEMA), new LedgerWriter(second, SCHEMA)];
    // Both writers get every batch at once: one applies it, the other meets its write (a conflict, applied again locked) or finds it applied.
    for (const batch of batches) {
      await Promise.all(writers.map((writer) => writer.applyBatch(batch.map((movement) => ({ movement })))));
    }

    const fifo = expected.changes.get(balanceKey({ sku: FIFO_SKU, locationId: 'W1' }))!;
    const average = expected.changes.get(balanceKey({ sku: AVERAGE_SKU, locationId: 'W1' }))!;
    expect(await storedBalance(FIFO_SKU)).toEqual({
      on_hand: String(fifo.after.onHand),
      inventory_value: formatMoney(fifo.after.inventoryValue),
      valuation_method: 'fifo',
      cogs: formatMoney(fifo.costOfGoodsSold),
    });
    expect(await storedLayers(FIFO_SKU)).toEqual(fifo.layers!.after);
    expect(fifo.layers!.after.onHand.length).toBeGreaterThan(0);
    expect(await storedBalance(AVERAGE_SKU)).toEqual({
      on_hand: String(average.after.onHand),
      inventory_value: formatMoney(average.after.inventoryValue),
      valuation_method: 'moving-average',
      cogs: formatMoney(average.costOfGoodsSold),
    });
    expect(await storedLayers(AVERAGE_SKU)).toEqual(NO_LAYERS);
    expect((await checkLedgerInvariants(client, SCHEMA)).violations).toEqual([]);
  });

  it('writes only the layers a batch consumed or opened', async () => {
    const receipt = (id: string, quantity: number, unitCost: string, step: number): InventoryMovementV1 => ({
      movementId: id, kind: 'receipt', sku: 'FIFO-2', locationId: 'W1', quantity, unitCost, occurredAt: at(step), source: { system: 'erp', documentId: id },
    });
    await client.query(`INSERT INTO ${SCHEMA}.item_setting (sku, low_stock_threshold, valuation_method) VALUES ('FIFO-2', NULL, 'fifo')`);
    const writer = new LedgerWriter(first, SCHEMA);
    await writer.applyBatch([receipt('f2-r1', 2, '1.0000', 1), receipt('f2-r2', 3, '2.0000', 2), receipt('f2-r3', 4, '3.0000', 3)].map((movement) => ({ movement })));
    const rowVersions = async () =>
      (await client.query<{ position: string; xmin: string }>(`SELECT position::text, xmin::text FROM ${SCHEMA}.stock_layer WHERE sku = 'FIFO-2' ORDER BY position`)).rows;
    const before = await rowVersions();
    expect(before.map((row) => row.position)).toEqual(['0', '1', '2']);

    // Takes the first layer whole and one unit of the second: the third's row is not written.
    await writer.applyBatch([{ movement: { movementId: 'f2-s1', kind: 'sale', sku: 'FIFO-2', locationId: 'W1', quantity: 3, occurredAt: at(4), source: { system: 'pos', storeId: 'W1', terminalId: 'T1', transactionId: 'f2-s1', lineNumber: 1 } } }]);
    const after = await rowVersions();
    expect(after.map((row) => row.position)).toEqual(['1', '2']);
    expect(after[1]).toEqual(before[2]);
    expect(after[0]!.xmin).not.toBe(before[1]!.xmin);
    expect(await storedBalance('FIFO-2')).toMatchObject({ on_hand: '6', inventory_value: '16.0000', cogs: '4.0000' });

    // What the API shows of them: oldest first, at most the limit asked per pool.
    const api = new StockLayersService(first, { DATABASE_SCHEMA: SCHEMA });
    expect(await api.layers('FIFO-2', 'W1', 1)).toEqual({
      sku: 'FIFO-2',
      locationId: 'W1',
      valuationMethod: 'fifo',
      balanceVersion: 4,
      onHand: { units: 6, value: '16.0000', layers: [{ receivedAt: at(2), units: 2, value: '4.0000', unitCost: '2.0000' }], more: true },
      inTransit: { units: 0, value: '0.0000', layers: [], more: false },
    });
    expect((await api.layers('FIFO-2', 'W1', 200))?.onHand.layers.map((layer) => layer.units)).toEqual([2, 4]);
    expect(await api.layers(AVERAGE_SKU, 'W1', 200)).toMatchObject({ valuationMethod: 'moving-average', onHand: { layers: [], more: false } });
    expect(await api.layers('FIFO-2', 'NOWHERE', 200)).toBeUndefined();
  });

  it('applies a small batch in two statements whether its keys are valued at the average or by layers', async () => {
    const writer = new LedgerWriter(first, SCHEMA);
    const statements = jest.spyOn(first.manager, 'query');
    const sale = (id: string, sku: string): InventoryMovementV1 => ({
      movementId: id, kind: 'sale', sku, locationId: 'W1', quantity: 1, occurredAt: at(5_000), source: { system: 'pos', storeId: 'W1', terminalId: 'T1', transactionId: id, lineNumber: 1 },
    });
    try {
      await writer.applyBatch([{ movement: sale('count-avg', AVERAGE_SKU) }]);
      expect(statements).toHaveBeenCalledTimes(2);
      statements.mockClear();
      await writer.applyBatch([{ movement: sale('count-fifo', 'FIFO-2') }, { movement: sale('count-both', AVERAGE_SKU) }]);
      expect(statements).toHaveBeenCalledTimes(2);
    } finally {
      statements.mockRestore();
    }
  });

  it('holds no method but the two it knows, on balances and items alike', async () => {
    await expect(client.query(`UPDATE ${SCHEMA}.stock_balance SET valuation_method = 'lifo' WHERE sku = 'FIFO-2'`)).rejects.toThrow(/stock_balance_valuation_method/);
    await expect(client.query(`UPDATE ${SCHEMA}.item_setting SET valuation_method = 'lifo' WHERE sku = 'FIFO-2'`)).rejects.toThrow(/item_setting_valuation_method/);
  });

  it('names a layer changed behind the ledger', async () => {
    await client.query(`UPDATE ${SCHEMA}.stock_layer SET value = value + 0.0001 WHERE sku = 'FIFO-2' AND position = 2`);
    const { violations } = await checkLedgerInvariants(client, SCHEMA);
    expect(violations).toEqual(['FIFO key FIFO-2@W1 on-hand: 5 units worth 14.0000, its 2 layers hold 5 worth 14.0001']);
  });
});
