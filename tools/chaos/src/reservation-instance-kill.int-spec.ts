// Two ledger processes on one database take 200 (60 in the suite) concurrent one-unit reservation requests for the
// last units of a key; one is killed (kill -9) in the middle. A client whose request was cut off
// tries again on the other instance with the same Idempotency-Key, as it must. No grant is lost
// (every reservation answered exists), none is doubled (one per key, answered the same on retry),
// exactly the units there were are granted, and the history checker's invariants hold. A
// subscriber of the reservations topic reads each grant once (a re-send after the kill dropped by
// its eventId), replaying to the balance's reserved.
import { TOPICS, type AlertV1, type Envelope, type ReservationEventV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants, publishedReservationViolations } from '@ledgerline/history-checker';
import { issueCredential, readTopicUntil, waitFor } from '@ledgerline/testing';
import { ChaosRun, LEDGER_SCHEMA } from './chaos-run';
import { LedgerProcess } from './ledger-process';

jest.setTimeout(240_000);

const SCENARIO = 'reservation-instance-kill';
/** 60 in the suite (CI); CHAOS_RESERVATION_REQUESTS=200 for the full drill. */
const REQUESTS = Number(process.env['CHAOS_RESERVATION_REQUESTS'] ?? 60);
const UNITS = 10;
const KILL_AFTER = Math.floor(REQUESTS / 4);
const ADMIN_API_KEY = 'chaos-admin-key-0123456789abcdef';
const SKU = 'LAST-UNITS';
const LOC = 'S1';

describe('chaos: a ledger instance killed while reservations are decided', () => {
  let run: ChaosRun | undefined;
  const processes: LedgerProcess[] = [];

  afterAll(async () => {
    for (const ledger of processes) await ledger.stop();
    await run?.close();
  });

  it('loses no grant, doubles none and grants exactly the units there were', async () => {
    run = await ChaosRun.open({ label: SCENARIO, partitions: 2 });
    const chaos = run;
    const environment = chaos.ledgerEnvironment({ ADMIN_API_KEY, LOG_LEVEL: 'warn' });
    // One after the other: the first migrates the schema the second finds ready.
    for (const name of ['a', 'b']) {
      const ledger = await LedgerProcess.start(environment, `${SCENARIO}-${name}`);
      processes.push(ledger);
      await waitFor(async () => ((await ledger.readiness()) === 200 ? true : undefined), { timeoutMs: 90_000, description: `ledger ${name} ready` });
    }
    const urls = processes.map((ledger) => `http://127.0.0.1:${ledger.httpPort}`);
    const producer = await chaos.connectProducer('erp');
    await chaos.publish(producer, [
      { movementId: 'erp:R0', kind: 'receipt', sku: SKU, locationId: LOC, quantity: UNITS, unitCost: '1.0000', occurredAt: new Date().toISOString(), source: { system: 'erp', documentId: 'R0' } },
    ]);
    await waitFor(async () => ((await chaos.db.query(`SELECT on_hand FROM ${LEDGER_SCHEMA}.stock_balance WHERE sku = $1`, [SKU])).rows[0]?.on_hand === '10' ? true : undefined), {
      description: 'the receipt applied',
    });
    const credential = await issueCredential(urls[0]!, ADMIN_API_KEY, ['reservation:write']);

    const answered = new Map<string, string>();
    let decided = 0;
    let retried = 0;
    let killed: Promise<unknown> | undefined;
    const ask = async (index: number): Promise<void> => {
      const key = `order-${index}`;
      for (let attempt = 0; ; attempt += 1) {
        const instance = killed !== undefined ? 1 : (index + attempt) % 2;
        try {
          const response = await fetch(`${urls[instance]}/v1/reservations`, {
            method: 'POST',
            headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify({ lines: [{ sku: SKU, locationId: LOC, quantity: 1 }] }),
            signal: AbortSignal.timeout(20_000),
          });
          const body = (await response.json()) as { code?: string; lines?: Array<{ reservation: { reservationId: string } }> };
          if (response.status === 201) {
            const reservationId = body.lines![0]!.reservation.reservationId;
            const earlier = answered.get(key);
            // A retry of a key answered before must be answered with the same reservation.
            if (earlier !== undefined) expect(reservationId).toBe(earlier);
            answered.set(key, reservationId);
          } else {
            expect(body.code).toBe('RESERVATION.INSUFFICIENT_AVAILABLE');
          }
          break;
        } catch (error) {
          // Cut off by the kill: the answer may or may not have been decided; ask the survivor.
          if (attempt >= 5) throw error;
          retried += 1;
        }
      }
      decided += 1;
      if (decided === KILL_AFTER && killed === undefined) killed = processes[0]!.kill();
    };
    await Promise.all(Array.from({ length: REQUESTS }, (_, index) => ask(index)));
    await killed;

    const { rows } = await chaos.db.query(
      `SELECT (SELECT count(*)::int FROM ${LEDGER_SCHEMA}.reservation) AS reservations,
              (SELECT count(DISTINCT idempotency_key)::int FROM ${LEDGER_SCHEMA}.reservation) AS keys,
              (SELECT reserved::int FROM ${LEDGER_SCHEMA}.stock_balance WHERE sku = $1) AS reserved`,
      [SKU],
    );
    const stored = await chaos.db.query(`SELECT reservation_id FROM ${LEDGER_SCHEMA}.reservation WHERE reservation_id = ANY($1::text[])`, [[...answered.values()]]);
    console.log(`[${SCENARIO}] requests ${REQUESTS}, instance killed after ${KILL_AFTER} answers, retried ${retried}, granted ${answered.size}, reservations stored ${rows[0].reservations}`);
    expect(stored.rows.length).toBe(answered.size);
    expect(rows[0]).toEqual({ reservations: UNITS, keys: UNITS, reserved: UNITS });
    expect(answered.size).toBe(UNITS);
    expect((await checkLedgerInvariants(chaos.db, LEDGER_SCHEMA)).violations).toEqual([]);

    const eventIds = (messages: Array<{ value: string | null }>) => new Set(messages.map((message) => (JSON.parse(message.value!) as { eventId: string }).eventId));
    const published = await readTopicUntil(chaos.topic(TOPICS.reservations.name), (messages) => eventIds(messages).size >= UNITS, { timeoutMs: 90_000 });
    expect(eventIds(published).size).toBe(UNITS);
    // The grants emptied availability: its one alert, once the survivor's relay sent it.
    const alerts = await readTopicUntil(chaos.topic(TOPICS.alerts.name), (messages) => messages.some((message) => message.value!.includes('"type":"available-zero"')), { timeoutMs: 90_000 });
    expect(
      publishedReservationViolations(
        published.map((message) => JSON.parse(message.value!) as Envelope<ReservationEventV1>),
        alerts.map((message) => JSON.parse(message.value!) as Envelope<AlertV1>),
        new Map([[`${SKU}@${LOC}`, UNITS]]),
      ),
    ).toEqual([]);
  });
});
