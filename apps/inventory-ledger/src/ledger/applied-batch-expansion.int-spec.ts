// The writer's COPY of movement rows and the relay's expansion of an applied batch, against the
// real database: payloads with characters COPY must escape survive byte for byte, and the events
// rebuilt from the rows state the balances, causes and order the batch produced.
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { jsonTextOf } from '@ledgerline/messaging';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { AppliedBatchExpansion } from './applied-batch-expansion';
import { APPLIED_BATCH_RECORD } from './ledger-events';
import { LedgerWriter } from './ledger-writer';
import { RecentlyRecordedMovements } from './recently-recorded-movements';

jest.setTimeout(60_000);

describe('applied batches: movements by COPY, events rebuilt from them (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let writer: LedgerWriter;
  let expansion: AppliedBatchExpansion;
  const schema = 'inventory_ledger';

  beforeAll(async () => {
    database = await createTestDatabase('ledger-applied-batch');
    const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '3' });
    dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
    writer = new LedgerWriter(dataSource, config.DATABASE_SCHEMA);
    expansion = new AppliedBatchExpansion(dataSource, config.DATABASE_SCHEMA);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const awkward = 'tab\there, line\nbreak, carriage\rreturn, back\\slash, quote " and \\N, ünïcødé ✓';

  function receipt(movementId: string, quantity: number, unitCost: string): InventoryMovementV1 {
    return {
      movementId,
      kind: 'receipt',
      sku: 'TEA',
      locationId: 'S1',
      quantity,
      unitCost,
      purchaseOrderId: 'PO-1',
      occurredAt: '2026-11-24T08:00:00.000Z',
      source: { system: 'erp', documentId: 'GRN-1' },
      attributes: { note: awkward },
    } as InventoryMovementV1;
  }

  function sale(movementId: string, quantity: number): InventoryMovementV1 {
    return {
      movementId,
      kind: 'sale',
      sku: 'TEA',
      locationId: 'S1',
      quantity,
      occurredAt: '2026-11-24T09:00:00.000Z',
      source: { system: 'pos', storeId: 'S1', terminalId: 'T1', transactionId: 'TX-1', lineNumber: 1 },
      attributes: { note: awkward },
    } as InventoryMovementV1;
  }

  it('stores payloads exactly and rebuilds each event from the recorded rows', async () => {
    const cause = { eventId: 'envelope-1', correlationId: 'basket-1' };
    const result = await writer.applyBatch(
      [
        { movement: receipt('grn-1', 10, '2.5000'), cause },
        { movement: sale('sale-1', 3), cause: { eventId: 'envelope-2', correlationId: 'basket-2' } },
      ],
      new Date('2026-11-24T10:00:00.000Z'),
    );
    expect(result).toMatchObject({ applied: 2, duplicates: 0 });

    const stored: Array<{ movement_id: string; payload: { attributes: { note: string } } }> = await dataSource.query(
      `SELECT movement_id, payload FROM ${schema}.movement ORDER BY movement_seq`,
    );
    expect(stored.map((row) => [row.movement_id, row.payload.attributes.note])).toEqual([
      ['grn-1', awkward],
      ['sale-1', awkward],
    ]);

    const [record]: Array<{ payload: unknown }> = await dataSource.query(`SELECT payload FROM ${schema}.outbox WHERE topic = $1`, [APPLIED_BATCH_RECORD]);
    expect(expansion.eventCount(record!.payload)).toBe(4);
    const [events = []] = await expansion.expand([record!.payload]);
    expect(events.map((event) => [event.topic, event.key, event.headers?.['x-event-id']])).toEqual([
      ['inventory.stock-changed.v1', 'TEA@S1', 'stock-changed:grn-1'],
      ['inventory.stock-changed.v1', 'TEA@S1', 'stock-changed:sale-1'],
      ['inventory.stock-levels.v1', 'TEA@S1', 'stock-level:TEA@S1:2'],
    ]);
    const [, changed, level] = events.map((event) => JSON.parse(jsonTextOf(event.value)) as unknown);
    expect(changed).toMatchObject({
      eventId: 'stock-changed:sale-1',
      correlationId: 'basket-2',
      causationId: 'envelope-2',
      payload: { quantityDelta: -3, onHand: 7, inventoryValue: '17.5000', averageUnitCost: '2.5000', costOfGoodsSold: '7.5000', balanceVersion: 2, appliedAt: '2026-11-24T10:00:00.000Z' },
    });
    expect(level).toMatchObject({ payload: { onHand: 7, balanceVersion: 2, lastMovementId: 'sale-1' } });
  });

  it('builds several batches in one call and gives each its own events', async () => {
    await writer.applyBatch([{ movement: sale('sale-2', 1) }, { movement: sale('sale-3', 2) }], new Date('2026-11-24T10:01:00.000Z'));
    await writer.applyBatch([{ movement: sale('sale-4', 1) }], new Date('2026-11-24T10:02:00.000Z'));
    const records: Array<{ payload: unknown }> = await dataSource.query(`SELECT payload FROM ${schema}.outbox WHERE topic = $1 ORDER BY outbox_seq`, [
      APPLIED_BATCH_RECORD,
    ]);
    const built = await expansion.expand(records.map((record) => record.payload));
    expect(built.map((events) => events.map((event) => event.headers?.['x-event-id']))).toEqual([
      ['stock-changed:grn-1', 'stock-changed:sale-1', 'stock-level:TEA@S1:2'],
      ['stock-changed:sale-2', 'stock-changed:sale-3', 'stock-level:TEA@S1:4'],
      ['stock-changed:sale-4', 'stock-level:TEA@S1:5'],
    ]);
  });

  it('appends a large batch with COPY and reads it back exactly like a small one', async () => {
    const large = Array.from({ length: 600 }, (_, index) => ({
      movement: { ...receipt(`grn-bulk-${index}`, 5, '1.2500'), sku: `BULK-${index % 40}`, locationId: `S${index % 3}` } as InventoryMovementV1,
      cause: { eventId: `bulk-envelope-${index}`, correlationId: 'bulk' },
    }));
    await writer.applyBatch(large, new Date('2026-11-24T11:00:00.000Z'));
    await writer.applyBatch([{ movement: { ...receipt('grn-single', 5, '1.2500'), sku: 'BULK-0', locationId: 'S9' } as InventoryMovementV1 }]);
    const stored = (movementId: string) =>
      dataSource
        .query(`SELECT inventory_value_after::text, average_unit_cost_after::text, occurred_at, payload FROM ${schema}.movement WHERE movement_id = $1`, [movementId])
        .then((rows: Array<{ payload: Record<string, unknown> & { attributes: { note: string } } }>) => rows[0]!);
    const [small, copied] = [await stored('grn-single'), await stored('grn-bulk-0')];
    expect(copied).toEqual({ ...small, payload: { ...small.payload, movementId: 'grn-bulk-0', locationId: 'S0' } });
    expect(copied.payload.attributes.note).toBe(awkward);

    const [record]: Array<{ payload: unknown }> = await dataSource.query(
      `SELECT payload FROM ${schema}.outbox WHERE topic = $1 AND event_id = (SELECT 'applied-batch:' || min(movement_seq) FROM ${schema}.movement WHERE correlation_id = 'bulk')`,
      [APPLIED_BATCH_RECORD],
    );
    const [events = []] = await expansion.expand([record!.payload]);
    expect(events.filter((event) => event.topic === 'inventory.stock-changed.v1')).toHaveLength(600);
    expect(events.filter((event) => event.topic === 'inventory.stock-levels.v1')).toHaveLength(120);
  });

  it('builds the same events from the movements the writer kept in memory as from the rows', async () => {
    const recent = new RecentlyRecordedMovements();
    const rememberingWriter = new LedgerWriter(dataSource, schema, recent);
    const fromMemory = new AppliedBatchExpansion(dataSource, schema, recent);
    await rememberingWriter.applyBatch(
      [
        { movement: receipt('grn-memory', 8, '3.3333'), cause: { eventId: 'envelope-m1', correlationId: 'basket-m' } },
        { movement: sale('sale-memory-1', 3) },
        { movement: { ...sale('sale-memory-2', 2), locationId: 'S2' } as InventoryMovementV1, cause: { eventId: 'envelope-m3', correlationId: 'basket-m' } },
      ],
      new Date('2026-11-24T12:00:00.123Z'),
    );
    expect(recent.size).toBe(3);
    const [record]: Array<{ payload: unknown }> = await dataSource.query(
      `SELECT payload FROM ${schema}.outbox WHERE topic = $1 AND event_id = (SELECT 'applied-batch:' || min(movement_seq) FROM ${schema}.movement WHERE movement_id = 'grn-memory')`,
      [APPLIED_BATCH_RECORD],
    );
    const reads: string[] = [];
    const counting = { query: (sql: string, parameters?: unknown[]) => (reads.push(sql), dataSource.query(sql, parameters)) } as unknown as DataSource;
    const [memoryEvents = []] = await new AppliedBatchExpansion(counting, schema, recent).expand([record!.payload]);
    expect(reads).toEqual([]);
    expect(recent.size).toBe(0);
    const [rowEvents = []] = await expansion.expand([record!.payload]);
    expect(memoryEvents).toHaveLength(5);
    expect(JSON.stringify(memoryEvents)).toBe(JSON.stringify(rowEvents));
    // Taken once: a second publish of the same record (after a failed send) reads the rows.
    const [again = []] = await fromMemory.expand([record!.payload]);
    expect(JSON.stringify(again)).toBe(JSON.stringify(rowEvents));
  });

  it('names the transfer on the events of a transfer, alike from memory and from the rows', async () => {
    const recent = new RecentlyRecordedMovements();
    const rememberingWriter = new LedgerWriter(dataSource, schema, recent);
    const at = '2026-11-24T10:00:00.000Z';
    const source = { system: 'wms', documentId: 'TR-9' } as const;
    await rememberingWriter.applyBatch(
      [
        { movement: receipt('grn-transfer', 5, '2.0000') },
        { movement: { movementId: 'tr9-out', kind: 'transfer-out', sku: 'TEA', locationId: 'S1', quantity: 4, occurredAt: at, source, transferId: 'TR-9', toLocationId: 'S2' } },
        {
          movement: { movementId: 'tr9-out:shipped', kind: 'transfer-shipped', sku: 'TEA', locationId: 'S2', quantity: 4, occurredAt: at, source, transferId: 'TR-9', fromLocationId: 'S1', unitCost: '2.0000' },
        },
      ],
      new Date('2026-11-24T12:00:00.000Z'),
    );
    const [record]: Array<{ payload: unknown }> = await dataSource.query(
      `SELECT payload FROM ${schema}.outbox WHERE topic = $1 AND event_id = (SELECT 'applied-batch:' || min(movement_seq) FROM ${schema}.movement WHERE movement_id = 'grn-transfer')`,
      [APPLIED_BATCH_RECORD],
    );
    const [memoryEvents = []] = await new AppliedBatchExpansion(dataSource, schema, recent).expand([record!.payload]);
    const [rowEvents = []] = await expansion.expand([record!.payload]);
    expect(JSON.stringify(memoryEvents)).toBe(JSON.stringify(rowEvents));
    const payloads = rowEvents.slice(0, 3).map((event) => (JSON.parse(jsonTextOf(event.value)) as { payload: Record<string, unknown> }).payload);
    expect(payloads[0]).not.toHaveProperty('transferId');
    expect(payloads[1]).toMatchObject({ kind: 'transfer-out', transferId: 'TR-9' });
    expect(payloads[1]).not.toHaveProperty('fromLocationId');
    expect(payloads[2]).toMatchObject({ kind: 'transfer-shipped', locationId: 'S2', transferId: 'TR-9', fromLocationId: 'S1' });
  });

  it('refuses a record whose movements are not all there, rather than publishing part of a batch', async () => {
    await expect(expansion.expand([{ movementSeqRanges: [[1, 2], [900, 901]] }])).rejects.toThrow(/names 4 movements but 2 are recorded/);
    await expect(expansion.expand([{ nothing: true }])).rejects.toThrow(/without valid movementSeqRanges/);
  });
});
