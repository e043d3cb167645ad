// Reserve requests decided together (real Kafka and PostgreSQL): requests that arrive together on
// one key are one batch, one transaction; exactly what was available is granted, in arrival
// order, each answer exact; an idempotency key repeated inside the batch is answered as its first
// request, or refused for another body; a batch that fails fails every request in it and keeps
// nothing of any; a connection the batches kept and the server closed is replaced; and two
// instances deciding batches on the same key promise no unit twice.
import { Client } from 'pg';
import { ReservationError, type ReserveRequest } from '@ledgerline/inventory-domain';
import { tablesReadBy, waitFor } from '@ledgerline/testing';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { startRunningLedger, type RunningLedger } from '../../test/running-ledger';
import { ReservationBatchSql } from './reservation-batch-sql';
import { ReservationService, type ReserveAnswer } from './reservation.service';

jest.setTimeout(120_000);

const LOC = 'S1';

describe('reserve requests decided together (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let db: Client;

  beforeAll(async () => {
    ledger = await startRunningLedger('reservation-batches', { RESERVATION_BATCHES_IN_FLIGHT: '1' });
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
    await ledger.publish([receipt('BATCH-TEA', 10), receipt('BATCH-MUG', 5), receipt('BATCH-FAIL', 5), receipt('BATCH-RACE', 15), receipt('BATCH-KEPT', 10)]);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.stock_balance`)).rows[0].n === 5, { description: 'the receipts applied' });
  });

  afterAll(async () => {
    await db?.end();
    await ledger?.close();
  });

  function receipt(sku: string, quantity: number): InventoryMovementV1 {
    return { movementId: `erp:${sku}`, kind: 'receipt', sku, locationId: LOC, quantity, unitCost: '1.0000', occurredAt: new Date().toISOString(), source: { system: 'erp', documentId: sku } };
  }

  const one = (sku: string, quantity = 1): ReserveRequest => ({ channel: 'web', partial: false, lines: [{ sku, locationId: LOC, quantity }] });

  /** Every request started in the same turn of the event loop: they queue together. */
  function together(service: ReservationService, requests: Array<[string, ReserveRequest]>): Promise<Array<ReserveAnswer | ReservationError | Error>> {
    return Promise.all(requests.map(([key, request]) => service.reserve(key, request).catch((error: Error) => error)));
  }

  async function keyState(sku: string) {
    const { rows } = await db.query(
      `SELECT b.reserved::int,
              (SELECT count(*)::int FROM inventory_ledger.reservation r WHERE r.sku = b.sku) AS reservations,
              (SELECT count(*)::int FROM inventory_ledger.reservation_request q WHERE q.idempotency_key LIKE $1 || '%') AS records,
              (SELECT COALESCE(array_agg(e.reserved_after::int ORDER BY e.event_seq), '{}') FROM inventory_ledger.reservation_event e WHERE e.sku = b.sku) AS reserved_after,
              (SELECT COALESCE(array_agg((o.payload->>'reserved')::int ORDER BY o.outbox_seq), '{}') FROM inventory_ledger.outbox o
                WHERE o.topic = 'ledger.reservation-stock-level' AND o.message_key = b.sku || '@' || b.location_id) AS levels
         FROM inventory_ledger.stock_balance b WHERE b.sku = $1 AND b.location_id = $2`,
      [sku, LOC],
    );
    return rows[0] as { reserved: number; reservations: number; records: number; reserved_after: number[]; levels: number[] };
  }

  it('grants exactly what is available on one key in arrival order, answers repeats of a key inside the batch as the first, and writes one stock level', async () => {
    const service = ledger.app.get(ReservationService);
    const requests: Array<[string, ReserveRequest]> = Array.from({ length: 14 }, (_, index) => [`BATCH-TEA-${index}`, one('BATCH-TEA')]);
    requests.splice(1, 0, ['BATCH-TEA-0', one('BATCH-TEA')], ['BATCH-TEA-0', one('BATCH-TEA', 2)]);
    const answers = await together(service, requests);

    const granted = answers.filter((answer): answer is ReserveAnswer => !(answer instanceof Error));
    // The first 10 distinct requests, and the repeat of the first answered with its reservation.
    expect(granted.map((answer) => answer.idempotencyKey)).toEqual(['BATCH-TEA-0', 'BATCH-TEA-0', ...Array.from({ length: 9 }, (_, index) => `BATCH-TEA-${index + 1}`)]);
    expect(granted[1]).toEqual(granted[0]);
    expect(granted[0]!.lines[0]).toMatchObject({ status: 'granted', reservation: { quantity: 1, openQuantity: 1, status: 'open', fulfilledQuantity: 0 } });
    expect(answers[2]).toMatchObject({ code: 'RESERVATION.IDEMPOTENCY_CONFLICT' });
    const refused = answers.slice(12) as ReservationError[];
    expect(refused.map((error) => [error.code, error.available])).toEqual(Array.from({ length: 4 }, () => ['RESERVATION.INSUFFICIENT_AVAILABLE', 0]));

    // What the answers said is what was written: one event per grant in order, one stock level for the batch.
    const reservationIds = granted.map((answer) => answer.lines[0]!.status === 'granted' && answer.lines[0].reservation.reservationId);
    const { rows } = await db.query(`SELECT reservation_id, expires_at FROM inventory_ledger.reservation WHERE reservation_id = ANY($1::text[])`, [reservationIds]);
    expect(rows).toHaveLength(10);
    for (const answer of granted) {
      const line = answer.lines[0]!;
      if (line.status !== 'granted') continue;
      expect(new Date(rows.find((row) => row.reservation_id === line.reservation.reservationId)!.expires_at).toISOString()).toBe(line.reservation.expiresAt);
    }
    expect(await keyState('BATCH-TEA')).toEqual({ reserved: 10, reservations: 10, records: 10, reserved_after: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], levels: [10] });

    // Asked again later, each key is answered from its record.
    const again = await service.reserve('BATCH-TEA-3', one('BATCH-TEA'));
    expect(again).toEqual(granted[4]);
  });

  it('fails every request of a batch that cannot be written and keeps nothing of any', async () => {
    const service = ledger.app.get(ReservationService);
    await db.query(`
      CREATE FUNCTION inventory_ledger.refuse_batch_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.sku = 'BATCH-FAIL' THEN RAISE EXCEPTION 'the disk is full'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_batch_fail BEFORE INSERT ON inventory_ledger.reservation FOR EACH ROW EXECUTE FUNCTION inventory_ledger.refuse_batch_fail()`);
    const outboxBefore = (await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.outbox`)).rows[0].n;
    const requests: Array<[string, ReserveRequest]> = [
      ['BATCH-MUG-0', one('BATCH-MUG')],
      ['BATCH-FAIL-0', one('BATCH-FAIL')],
      ['BATCH-MUG-1', one('BATCH-MUG', 2)],
    ];
    const answers = await together(service, requests);
    for (const answer of answers) expect((answer as Error).message).toContain('the disk is full');
    expect(await keyState('BATCH-MUG')).toMatchObject({ reserved: 0, reservations: 0, records: 0, reserved_after: [], levels: [] });
    expect(await keyState('BATCH-FAIL')).toMatchObject({ reserved: 0, reservations: 0, records: 0 });
    expect((await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.outbox`)).rows[0].n).toBe(outboxBefore);

    // Asked again once the fault is gone, each is decided as if for the first time.
    await db.query(`DROP TRIGGER refuse_batch_fail ON inventory_ledger.reservation; DROP FUNCTION inventory_ledger.refuse_batch_fail()`);
    const retried = await together(service, requests);
    expect(retried.map((answer) => (answer instanceof Error ? answer.message : answer.lines[0]!.status))).toEqual(['granted', 'granted', 'granted']);
    expect(await keyState('BATCH-MUG')).toMatchObject({ reserved: 3, reservations: 2, records: 2, reserved_after: [1, 3], levels: [3] });
  });

  it('decides on a new connection when the server closed the ones the batches kept', async () => {
    const service = ledger.app.get(ReservationService);
    await together(service, [['BATCH-KEPT-0', one('BATCH-KEPT')], ['BATCH-KEPT-1', one('BATCH-KEPT')]]);
    const { rows: closed } = await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'`,
    );
    expect(closed.length).toBeGreaterThan(0);
    // Time for the ledger to hear its sockets close, as it does when the server restarts.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answers = await together(service, [['BATCH-KEPT-2', one('BATCH-KEPT')], ['BATCH-KEPT-3', one('BATCH-KEPT')]]);
    expect(answers.map((answer) => (answer instanceof Error ? answer.message : answer.lines[0]!.status))).toEqual(['granted', 'granted']);
    expect(await keyState('BATCH-KEPT')).toMatchObject({ reserved: 4, reservations: 4, records: 4 });
  });

  it('promises no unit twice when two instances decide batches on the same key', async () => {
    const second = await startRunningLedger('reservation-batches', { INSTANCE_ID: 'instance-1', LOG_LEVEL: 'error' }, ledger as RunningLedger & { prefix: string });
    try {
      const services = [ledger.app.get(ReservationService), second.app.get(ReservationService)];
      const waves = await Promise.all(
        services.map((service, instance) => together(service, Array.from({ length: 20 }, (_, index): [string, ReserveRequest] => [`BATCH-RACE-${instance}-${index}`, one('BATCH-RACE')]))),
      );
      const answers = waves.flat();
      expect(answers.filter((answer) => !(answer instanceof Error))).toHaveLength(15);
      expect(answers.filter((answer) => answer instanceof ReservationError && answer.code === 'RESERVATION.INSUFFICIENT_AVAILABLE' && answer.available === 0)).toHaveLength(25);
      const state = await keyState('BATCH-RACE');
      expect(state).toMatchObject({ reserved: 15, reservations: 15, records: 15 });
      expect(state.reserved_after).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
    } finally {
      await second.close();
    }
  });

  it("locks a batch's balances, and only those, by probes of the balance key, never the whole balance table", async () => {
    // Thousands of balances no statistics describe (never analysed here).
    await db.query(`INSERT INTO inventory_ledger.stock_balance (sku, location_id, on_hand, version) SELECT 'PROBE-' || n, $1, 5, 1 FROM generate_series(1, 20000) n`, [LOC]);
    const lines = Array.from({ length: 300 }, (_, index) => ({ sku: `PROBE-${300 - index}`, locationId: LOC, channel: index % 2 === 0 ? 'web' : 'store' }));
    const statements: Array<{ text: string; parameters: unknown[] }> = [];
    const recording = {
      query: async (text: string, parameters: unknown[]) => {
        statements.push({ text, parameters });
        return (await db.query(text, parameters)).rows;
      },
    };
    const other = new Client({ connectionString: ledger.database.url });
    await other.connect();
    await db.query('BEGIN');
    try {
      const facts = await new ReservationBatchSql('inventory_ledger').lockAndRead(recording as never, { idempotencyKeys: ['probe-key'], lines: [...lines, { ...lines[0]!, channel: 'app' }] });
      expect(facts.record('probe-key')).toBeUndefined();
      const tryLock = (sku: string) =>
        other.query(`SELECT 1 FROM inventory_ledger.stock_balance WHERE sku = $1 AND location_id = $2 FOR UPDATE NOWAIT`, [sku, LOC]).then(
          () => 'free',
          () => 'locked',
        );
      expect([await tryLock('PROBE-1'), await tryLock('PROBE-300'), await tryLock('PROBE-301')]).toEqual(['locked', 'locked', 'free']);
    } finally {
      await db.query('ROLLBACK');
      await other.end();
    }
    const plan = (await db.query(`EXPLAIN (FORMAT JSON) ${statements[0]!.text}`, statements[0]!.parameters)).rows;
    expect(tablesReadBy(plan, 'Seq Scan')).not.toContain('stock_balance');
    expect(tablesReadBy(plan, 'Index Scan')).toContain('stock_balance');
  });
});
