// A location's shrinkage by reason on a real PostgreSQL: adjustments written through the ledger's
// own write path (a count's derived variance among them) are summed per reason within the period
// asked, other locations and periods left out; the query is served by the adjustments index; an
// unknown location and a bad period are refused.
import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerWriter } from '../ledger/ledger-writer';
import { ShrinkageController } from './shrinkage.controller';
import { ShrinkageService } from './shrinkage.service';

jest.setTimeout(60_000);

describe('shrinkage by reason (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let controller: ShrinkageController;
  const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`;
  const source = (day: number) => ({ system: 'erp' as const, documentId: `DOC-${day}` });
  const receipt = (sku: string, locationId: string, quantity: number): InventoryMovementV1 => ({
    movementId: `grn-${sku}-${locationId}`, kind: 'receipt', sku, locationId, quantity, unitCost: '2.5000', occurredAt: at(1), source: source(1),
  });
  const adjustment = (id: string, sku: string, locationId: string, quantity: number, reasonCode: 'damaged' | 'theft' | 'found', day: number): InventoryMovementV1 => ({
    movementId: `adj-${id}`, kind: 'adjustment', sku, locationId, quantity, reasonCode, occurredAt: at(day), source: source(day),
  });

  beforeAll(async () => {
    database = await createTestDatabase('ledger-shrinkage');
    const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '2' });
    dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
    const writer = new LedgerWriter(dataSource, config.DATABASE_SCHEMA);
    controller = new ShrinkageController(new ShrinkageService(dataSource, config));
    const apply = (movements: InventoryMovementV1[]) => writer.applyBatch(movements.map((movement) => ({ movement })));
    await apply([receipt('TEA', 'S1', 100), receipt('MUG', 'S1', 40), receipt('TEA', 'S2', 50)]);
    await apply([
      adjustment('1', 'TEA', 'S1', -3, 'damaged', 5),
      adjustment('2', 'MUG', 'S1', -2, 'damaged', 6),
      adjustment('3', 'TEA', 'S1', -4, 'theft', 7),
      adjustment('4', 'MUG', 'S1', 1, 'found', 8),
      adjustment('5', 'TEA', 'S1', -9, 'theft', 20), // after the period asked
      adjustment('6', 'TEA', 'S2', -5, 'damaged', 6), // another location
    ]);
    // A count that finds 2 TEA fewer than the book: the ledger derives a count-variance adjustment.
    await apply([{ movementId: 'count-tea-s1', kind: 'count', sku: 'TEA', locationId: 'S1', countId: 'CNT-1', countedQuantity: 91, occurredAt: at(9), source: source(9) }]);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('sums the adjustments of the location in the period by reason, largest loss of value first', async () => {
    const answer = await controller.byReason('S1', at(2), at(15));
    expect(answer.reasons).toEqual([
      { reasonCode: 'damaged', adjustments: 2, quantity: -5, unitsRemoved: 5, unitsAdded: 0, value: '-12.5000' },
      { reasonCode: 'theft', adjustments: 1, quantity: -4, unitsRemoved: 4, unitsAdded: 0, value: '-10.0000' },
      { reasonCode: 'count-variance', adjustments: 1, quantity: -2, unitsRemoved: 2, unitsAdded: 0, value: '-5.0000' },
      { reasonCode: 'found', adjustments: 1, quantity: 1, unitsRemoved: 0, unitsAdded: 1, value: '2.5000' },
    ]);
    expect((await controller.byReason('S1', at(2), at(3))).reasons).toEqual([]);
  });

  it('reads the adjustments through their index', async () => {
    await dataSource.query('SET enable_seqscan = off');
    const plan: Array<{ 'QUERY PLAN': string }> = await dataSource.query(
      `EXPLAIN SELECT count(*) FROM inventory_ledger.movement WHERE kind = 'adjustment' AND location_id = 'S1' AND occurred_at >= now() - interval '30 days' AND occurred_at < now()`,
    );
    await dataSource.query('RESET enable_seqscan');
    // Each partition's copy of the index is named after its columns.
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index Only Scan using movement_\w+_location_id_occurred_at_idx/);
    expect(text).not.toMatch(/Seq Scan|Filter: \(kind/);
  });

  it('refuses an unknown location and a bad period', async () => {
    await expect(controller.byReason('NOWHERE', at(2), at(15))).rejects.toBeInstanceOf(NotFoundException);
    await expect(controller.byReason('S1', at(15), at(2))).rejects.toBeInstanceOf(BadRequestException);
    await expect(controller.byReason('S1', '2025-01-01T00:00:00Z', '2026-11-01T00:00:00Z')).rejects.toBeInstanceOf(BadRequestException);
    await expect(controller.byReason('S1', 'soon', at(2))).rejects.toBeInstanceOf(BadRequestException);
  });
});
