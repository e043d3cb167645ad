// Availability alerts raised by batches of movements, against the real database: movement by
// movement, so a batch that empties a key and restores it raises both alerts; the same whether
// the movements come in one batch or many (a property over generated histories, sales taking from
// a reservation among them); and counted with the reserved figure of the balance row the write
// locked, so a reservation another instance commits while a batch is in flight is not missed.
import fc from 'fast-check';
import type { DataSource, EntityManager } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { availabilityAlertsAlong } from '@ledgerline/inventory-domain';
import { openServiceDatabase, readCommittedTransaction } from '@ledgerline/runtime';
import { createTestDatabase, waitFor, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { ReservationSql } from '../reservations/reservation-sql';
import { LedgerWriter } from './ledger-writer';

jest.setTimeout(180_000);

let database: TestDatabase;
let dataSource: DataSource;
let writer: LedgerWriter;
const reservations = new ReservationSql('inventory_ledger');

beforeAll(async () => {
  database = await createTestDatabase('availability-alerts');
  const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '4' });
  dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
  writer = new LedgerWriter(dataSource, 'inventory_ledger');
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

const occurredAt = (step: number) => new Date(Date.UTC(2026, 11, 1, 8, 0) + step * 1000).toISOString();

type Step = { kind: 'receipt' | 'sale' | 'sale-of-reservation'; quantity: number };

function movementOf(sku: string, index: number, step: Step, reservationId: string): InventoryMovementV1 {
  const movementId = `${sku}-${index}`;
  if (step.kind === 'receipt') {
    return { movementId, kind: 'receipt', sku, locationId: 'S1', quantity: step.quantity, unitCost: '1.0000', occurredAt: occurredAt(index), source: { system: 'erp', documentId: movementId } };
  }
  return {
    movementId,
    kind: 'sale',
    sku,
    locationId: 'S1',
    quantity: step.quantity,
    occurredAt: occurredAt(index),
    source: { system: 'pos', storeId: 'S1', terminalId: 'T1', transactionId: movementId, lineNumber: 1 },
    ...(step.kind === 'sale-of-reservation' ? { reservationId } : {}),
  };
}

async function grant(manager: Pick<EntityManager, 'query'>, sku: string, reservationId: string, quantity: number): Promise<void> {
  const granted = await reservations.grant(manager, {
    idempotencyKey: `hold-${reservationId}`,
    fingerprint: reservationId,
    channel: 'default',
    expiresAt: new Date(Date.now() + 3_600_000),
    allOrNothing: true,
    lines: [{ lineNumber: 1, reservationId, sku, locationId: 'S1', quantity }],
  });
  expect(granted).toHaveLength(1);
}

/** The key's availability alerts in outbox order: type, the movement (or reservation event) named, and the figures. */
async function alertsOf(sku: string): Promise<Array<{ type: string; cause: string; onHand: number; reserved: number }>> {
  const rows: Array<{ type: string; alert_id: string; on_hand: string; reserved: string }> = await dataSource.query(
    `SELECT payload->>'type' AS type, payload->>'alertId' AS alert_id, payload->>'onHand' AS on_hand, payload->>'reserved' AS reserved
       FROM inventory_ledger.outbox WHERE topic = 'ledger.availability-alert' AND message_key = $1 ORDER BY outbox_seq`,
    [`${sku}@S1`],
  );
  return rows.map((row) => ({ type: row.type, cause: row.alert_id.slice(row.type.length + 1), onHand: Number(row.on_hand), reserved: Number(row.reserved) }));
}

/** The alerts the history implies, movement by movement: the reservation is taken from in movement order. */
function expectedAlerts(sku: string, opening: number, held: number, steps: readonly Step[]) {
  let onHand = opening;
  let reserved = held;
  const walk = steps.map((step, index) => {
    onHand += step.kind === 'receipt' ? step.quantity : -step.quantity;
    if (step.kind === 'sale-of-reservation') reserved -= Math.min(step.quantity, reserved);
    return { cause: `${sku}-${index}`, available: onHand - reserved, onHand, reserved };
  });
  const figures = new Map(walk.map((step) => [step.cause, step]));
  return availabilityAlertsAlong(opening - held, walk).map(({ type, cause }) => ({ type, cause, onHand: figures.get(cause)!.onHand, reserved: figures.get(cause)!.reserved }));
}

const steps = fc.array(
  fc.record({ kind: fc.constantFrom<Step['kind']>('receipt', 'sale', 'sale-of-reservation'), quantity: fc.integer({ min: 1, max: 4 }) }),
  { minLength: 1, maxLength: 24 },
);

describe('availability alerts of movement batches (real PostgreSQL)', () => {
  it('raises available-zero and back-in-stock for a batch that empties a key and restores it within itself', async () => {
    await writer.applyBatch([{ movement: movementOf('WITHIN', 0, { kind: 'receipt', quantity: 3 }, '') }]);
    await writer.applyBatch([1, 2, 3].map((index) => ({ movement: movementOf('WITHIN', index, index === 2 ? { kind: 'receipt', quantity: 4 } : { kind: 'sale', quantity: 3 }, '') })));
    expect(await alertsOf('WITHIN')).toEqual([
      { type: 'available-zero', cause: 'WITHIN-1', onHand: 0, reserved: 0 },
      { type: 'back-in-stock', cause: 'WITHIN-2', onHand: 4, reserved: 0 },
    ]);
  });

  it('raises the same alerts whether a history comes in one batch or split into any batches', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 4 }), steps, fc.array(fc.nat(), { maxLength: 6 }), async (opening, wantedHold, history, cuts) => {
        run += 1;
        const held = Math.min(wantedHold, opening - 1);
        const whole = `WHOLE-${run}`;
        const split = `SPLIT-${run}`;
        for (const sku of [whole, split]) {
          await writer.applyBatch([{ movement: movementOf(sku, 1000, { kind: 'receipt', quantity: opening }, '') }]);
          if (held > 0) await grant(dataSource, sku, `hold-${sku}`, held);
        }
        await writer.applyBatch(history.map((step, index) => ({ movement: movementOf(whole, index, step, `hold-${whole}`) })));
        const bounds = [...new Set(cuts.map((cut) => cut % (history.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        for (const to of [...bounds, history.length]) {
          if (to > from) await writer.applyBatch(history.slice(from, to).map((step, offset) => ({ movement: movementOf(split, from + offset, step, `hold-${split}`) })));
          from = to;
        }
        const unprefixed = (sku: string, alerts: Awaited<ReturnType<typeof alertsOf>>) => alerts.map((alert) => ({ ...alert, cause: alert.cause.replace(sku, 'KEY') }));
        const fromWhole = unprefixed(whole, await alertsOf(whole));
        expect(unprefixed(split, await alertsOf(split))).toEqual(fromWhole);
        expect(fromWhole).toEqual(unprefixed(whole, expectedAlerts(whole, opening, held, history)));
      }),
      { numRuns: Number(process.env.AVAILABILITY_ALERT_RUNS ?? 25) },
    );
  });

  it('counts a reservation committed while the batch waits for the balance row, not the figure before it', async () => {
    await writer.applyBatch([{ movement: movementOf('RACED', 0, { kind: 'receipt', quantity: 5 }, '') }]);
    let commitGrant!: () => void;
    const grantMayCommit = new Promise<void>((resolve) => (commitGrant = resolve));
    let granted!: () => void;
    const grantWritten = new Promise<void>((resolve) => (granted = resolve));
    const holding = readCommittedTransaction(dataSource, async (manager) => {
      await grant(manager, 'RACED', 'hold-raced', 2);
      granted();
      await grantMayCommit;
    });
    await grantWritten;
    // Sell 3 and receive 1: with nothing reserved available stays above zero; with 2 reserved it empties and comes back.
    const batch = writer.applyBatch([
      { movement: movementOf('RACED', 1, { kind: 'sale', quantity: 3 }, '') },
      { movement: movementOf('RACED', 2, { kind: 'receipt', quantity: 1 }, '') },
    ]);
    await waitFor(
      async () =>
        Number(
          (await dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0].n,
        ) > 0,
      { description: 'the batch waiting for the balance row the grant holds' },
    );
    commitGrant();
    await holding;
    await batch;
    expect(await alertsOf('RACED')).toEqual([
      { type: 'available-zero', cause: 'RACED-1', onHand: 2, reserved: 2 },
      { type: 'back-in-stock', cause: 'RACED-2', onHand: 3, reserved: 2 },
    ]);
  });
});
