// Landed costs against receipts of a month detached and archived, against the real database: the
// receipt's month (holding it, a sale and a later receipt of its key) is detached, archived and
// dropped the documented way, then landed costs and a price correction name it. They are applied
// exactly as the domain's fold of the whole history applies them, at moving average and first in,
// first out: the receipt's units still on the shelf revalued, the rest to the variance, the units
// that arrived after it in the archived month counted. The drift audit and the history checker's
// receipt invariants hold, and the migration, run again on that ledger, keeps the receipts still
// attached with the same figures.
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { landedCostReceiptViolations } from '@ledgerline/history-checker';
import { NO_LAYERS, applyMovements, balanceKey, landedCostBasisIn } from '@ledgerline/inventory-domain';
import { formatMoney } from '@ledgerline/money';
import { migrateServiceDatabase, openOwnerDatabase } from '@ledgerline/runtime';
import { DriftAuditSql } from '../audit/drift-audit-sql';
import { DEFAULT_VALUATION_CURRENCY, ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerWriter } from '../ledger/ledger-writer';
import { toDomainMovement } from '../ledger/movement-mapper';
import { MovementPartitionsSql } from '../partitions/movement-partitions-sql';
import { lastMonth, monthStart, thisMonth } from '../../test/recorded-months';
import { ERP_SOURCE as erp, openWriterDatabase, STORE_ID, type WriterDatabase } from '../../test/writer-database';

jest.setTimeout(120_000);

const SCHEMA = 'inventory_ledger';

const receipt = (movementId: string, sku: string, quantity: number, unitCost: string, at: Date): InventoryMovementV1 => ({
  movementId, kind: 'receipt', sku, locationId: STORE_ID, quantity, unitCost, occurredAt: at.toISOString(), source: erp,
});
const sale = (movementId: string, sku: string, quantity: number, at: Date): InventoryMovementV1 => ({
  movementId, kind: 'sale', sku, locationId: STORE_ID, quantity, occurredAt: at.toISOString(),
  source: { system: 'pos', storeId: STORE_ID, transactionId: movementId, lineNumber: 1 },
});
const landedCost = (movementId: string, sku: string, receiptMovementId: string, amount: string, at: Date): InventoryMovementV1 => ({
  movementId, kind: 'landed-cost', sku, locationId: STORE_ID, receiptMovementId, amount, costType: 'freight', occurredAt: at.toISOString(), source: erp,
});

/** One key's history: [the movements applied last month, those applied this month before the detach, the landed costs after it]. */
function historyOf(sku: string): InventoryMovementV1[][] {
  return [
    [receipt(`${sku}-r1`, sku, 10, '2.0000', lastMonth(72)), sale(`${sku}-s1`, sku, 3, lastMonth(60)), receipt(`${sku}-r2`, sku, 5, '3.3333', lastMonth(48))],
    [sale(`${sku}-s2`, sku, 6, thisMonth(1)), receipt(`${sku}-r3`, sku, 2, '4.1111', thisMonth(1.5))],
    // On hand 8, of which 2 arrived after r2 and 7 after r1: 1 of r1's units and 5 of r2's are still on the shelf.
    [
      landedCost(`${sku}-lc1`, sku, `${sku}-r1`, '7.0001', thisMonth(2)),
      landedCost(`${sku}-lc2`, sku, `${sku}-r2`, '-1.2345', thisMonth(2)),
      sale(`${sku}-s3`, sku, 5, thisMonth(2)),
      landedCost(`${sku}-lc3`, sku, `${sku}-r1`, '0.3333', thisMonth(2)),
    ],
  ];
}

describe('landed costs against receipts of an archived month (real PostgreSQL)', () => {
  let opened: WriterDatabase;
  let owner: DataSource;
  const skus = ['TEA', 'FIFO-TEA'];

  beforeAll(async () => {
    opened = await openWriterDatabase('landed-cost-archived-receipt');
    owner = await openOwnerDatabase(ledgerDatabaseOptions(ledgerConfigSchema.parse({ ...opened.database.serviceEnv(SCHEMA), DATABASE_POOL_SIZE: '2' })));
    await opened.db.query(`INSERT INTO ${SCHEMA}.item_setting (sku, description, low_stock_threshold, valuation_method) VALUES ('FIFO-TEA', 'fifo', NULL, 'fifo')`);
  });

  afterAll(async () => {
    await owner?.destroy();
    await opened?.close();
  });

  const booked = async (sku: string) =>
    (
      await opened.db.query<{ movement_id: string; value_delta: string; cost_of_goods_sold: string }>(
        `SELECT movement_id, value_delta::text, cost_of_goods_sold::text FROM ${SCHEMA}.movement WHERE sku = $1 AND kind LIKE 'landed-cost%' ORDER BY balance_version`,
        [sku],
      )
    ).rows;

  it('applies them exactly as before the archive: the shelf part revalued, the sold part to the variance', async () => {
    const writer = new LedgerWriter(opened.dataSource, SCHEMA);
    const histories = skus.map(historyOf);
    for (const [index, at] of [lastMonth(1), thisMonth(1.5)].entries()) {
      for (const history of histories) {
        for (const movement of history[index]!) await writer.applyBatch([{ movement }], at);
      }
    }

    const partitions = new MovementPartitionsSql(SCHEMA);
    const [detached] = await partitions.detachBefore(owner, monthStart);
    expect(detached).toMatchObject({ to: monthStart, movements: 6 });
    await owner.query(`DROP TABLE ${SCHEMA}."${detached!.name}"`);
    expect((await opened.db.query(`SELECT 1 FROM ${SCHEMA}.movement WHERE movement_id LIKE '%-r1' OR movement_id LIKE '%-r2'`)).rows).toEqual([]);

    // Both keys' landed costs in one batch, as a consumer would take them.
    await writer.applyBatch(histories.flatMap((history) => history[2]!).map((movement) => ({ movement })), thisMonth(2));

    for (const [index, sku] of skus.entries()) {
      const whole = histories[index]!.flat().map((movement) => toDomainMovement(movement, DEFAULT_VALUATION_CURRENCY));
      const expected = applyMovements(
        new Map(),
        whole,
        (movement, _balance, earlier) => ({ landedCostBasis: movement.kind === 'landed-cost' ? landedCostBasisIn(earlier, movement.receiptMovementId) : undefined }),
        { fifoLayersOf: (movement) => (movement.sku === 'FIFO-TEA' ? NO_LAYERS : undefined) },
      );
      const expectedRows = expected.entries
        .filter(({ movement }) => movement.kind === 'landed-cost' || movement.kind === 'landed-cost-variance')
        .map(({ movement, outcome }) => ({ movement_id: movement.movementId, value_delta: formatMoney(outcome.valueDelta), cost_of_goods_sold: formatMoney(outcome.costOfGoodsSold) }));
      expect(expectedRows.length).toBeGreaterThanOrEqual(5);
      expect(await booked(sku)).toEqual(expectedRows);
      const after = expected.changes.get(balanceKey({ sku, locationId: STORE_ID }))!.after;
      const { rows } = await opened.db.query(`SELECT on_hand::text, inventory_value::text FROM ${SCHEMA}.stock_balance WHERE sku = $1`, [sku]);
      expect(rows).toEqual([{ on_hand: String(after.onHand), inventory_value: formatMoney(after.inventoryValue) }]);
    }
    // The shelf part and the variance of the first: 1 of r1's 10 units on the shelf takes 0.7000 (7.0001 x 1 / 10, half to even).
    expect((await booked('TEA')).slice(0, 2)).toEqual([
      { movement_id: 'TEA-lc1', value_delta: '0.7000', cost_of_goods_sold: '0.0000' },
      { movement_id: 'TEA-lc1:cogs-variance', value_delta: '0.0000', cost_of_goods_sold: '6.3001' },
    ]);
    // The history checker reads the movements only, so after a detach its invariants that sum a
    // key's history do not hold; the drift audit (carried-forward totals plus live movements) and
    // the receipts' own invariants do.
    const audited = await new DriftAuditSql(SCHEMA).keys((sql, parameters) => opened.dataSource.query(sql, parameters), skus.map((sku) => ({ sku, locationId: STORE_ID })), 1000);
    for (const key of audited) expect(key.fromMovements).toEqual(key.stored);
    expect(await landedCostReceiptViolations(opened.db, SCHEMA)).toEqual([]);
  });

  it('is found by the migration again for the receipts still attached, with the same figures', async () => {
    const kept = async () =>
      (
        await opened.db.query(
          `SELECT r.receipt_movement_id, r.sku, r.quantity, r.received_cost::text, r.occurred_at, r.balance_version, b.units_arrived - r.arrived_through AS arrived_since
             FROM ${SCHEMA}.landed_cost_receipt r JOIN ${SCHEMA}.stock_balance b USING (sku, location_id)
            WHERE r.receipt_movement_id LIKE '%-r3' ORDER BY 1`,
        )
      ).rows;
    const before = await kept();
    expect(before).toHaveLength(2);
    await opened.db.query(`DROP TABLE ${SCHEMA}.landed_cost_receipt`);
    await opened.db.query(`ALTER TABLE ${SCHEMA}.stock_balance DROP COLUMN units_arrived`);
    await opened.db.query(`DELETE FROM ${SCHEMA}.schema_migrations WHERE name = 'LandedCostReceipts1769800000000'`);
    const migrated = await migrateServiceDatabase(ledgerDatabaseOptions(ledgerConfigSchema.parse({ ...opened.database.serviceEnv(SCHEMA), DATABASE_POOL_SIZE: '2' })));
    expect(migrated).toEqual(['LandedCostReceipts1769800000000']);
    expect(await kept()).toEqual(before);
    // The archived receipts were not in the movements it read: only the attached ones are kept.
    expect((await opened.db.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.landed_cost_receipt`)).rows).toEqual([{ n: 2 }]);
    expect(await landedCostReceiptViolations(opened.db, SCHEMA)).toEqual([]);

    // A row changed behind the ledger's back is named.
    await opened.db.query(`UPDATE ${SCHEMA}.landed_cost_receipt SET arrived_through = arrived_through - 1 WHERE receipt_movement_id = 'TEA-r3'`);
    expect(await landedCostReceiptViolations(opened.db, SCHEMA)).toEqual([expect.stringContaining('receipt TEA-r3')]);
    // And the writer's role may add rows and read them, never change them.
    await expect(opened.dataSource.query(`UPDATE ${SCHEMA}.landed_cost_receipt SET quantity = 0`)).rejects.toThrow(/permission denied/);
  });
});
