// Reservations asked for over Kafka while a ledger instance dies. Two ledger processes share the
// reservation-requests topic's partitions; an order system publishes 60 (200 in the full drill)
// one-unit reserve requests for the last 10 units of a key, a few at a time, and one instance is
// killed (kill -9) once half of the units are granted. Its partition moves to the survivor, which
// decides again whatever was not committed: a request decided before the kill answers the same
// grant (its requestId is its idempotency key). Every request is answered, every answer of one
// request says the same, exactly the units there were are granted, no grant is lost or doubled,
// and the history checker's invariants hold.
import { TOPICS, createEnvelope, recordKey, type Envelope, type ReservationReplyV1, type ReservationRequestV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { readTopicUntil, waitFor } from '@ledgerline/testing';
import { ChaosRun, LEDGER_SCHEMA } from './chaos-run';
import { LedgerProcess } from './ledger-process';

jest.setTimeout(300_000);

const SCENARIO = 'reservation-requests-instance-kill';
/** 60 in the suite (CI); CHAOS_RESERVATION_REQUESTS=200 for the full drill. */
const REQUESTS = Number(process.env['CHAOS_RESERVATION_REQUESTS'] ?? 60);
const UNITS = 10;
const KILL_AT_GRANTS = UNITS / 2;
const WAVE = 4;
const SKU = 'LAST-UNITS-OVER-KAFKA';
const LOC = 'S1';

describe('chaos: a ledger instance killed while it answers reservation requests from Kafka', () => {
  let run: ChaosRun | undefined;
  const processes: LedgerProcess[] = [];

  afterAll(async () => {
    for (const ledger of processes) await ledger.stop();
    await run?.close();
  });

  it('answers every request, the same way each time, and grants exactly the units there were', async () => {
    run = await ChaosRun.open({ label: SCENARIO, partitions: 2 });
    const chaos = run;
    const environment = chaos.ledgerEnvironment({ LOG_LEVEL: 'warn' });
    // One after the other: the first migrates the schema the second finds ready.
    for (const name of ['a', 'b']) {
      const ledger = await LedgerProcess.start(environment, `${SCENARIO}-${name}`);
      processes.push(ledger);
      await waitFor(async () => ((await ledger.readiness()) === 200 ? true : undefined), { timeoutMs: 90_000, description: `ledger ${name} ready` });
    }
    const producer = await chaos.connectProducer('oms');
    await chaos.publish(producer, [
      { movementId: 'erp:R0', kind: 'receipt', sku: SKU, locationId: LOC, quantity: UNITS, unitCost: '1.0000', occurredAt: new Date().toISOString(), source: { system: 'erp', documentId: 'R0' } },
    ]);
    await waitFor(async () => ((await chaos.scalar(`SELECT on_hand AS n FROM ${LEDGER_SCHEMA}.stock_balance WHERE sku = $1`, [SKU])) === UNITS ? true : undefined), {
      description: 'the receipt applied',
    });

    const requestsTopic = chaos.topic(TOPICS.reservationRequests.name);
    const request = (index: number) => {
      const payload: ReservationRequestV1 = { action: 'reserve', requestId: `order-${index}`, channel: 'web', lines: [{ sku: SKU, locationId: LOC, quantity: 1 }] };
      const envelope = createEnvelope(TOPICS.reservationRequests, payload, { producer: 'oms', occurredAt: new Date().toISOString() });
      return { topic: requestsTopic, key: recordKey(TOPICS.reservationRequests, envelope), value: envelope };
    };
    const grants = () => chaos.scalar(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.reservation`);
    let killedAt: number | undefined;
    let grantsAtKill = 0;
    for (let first = 0; first < REQUESTS; first += WAVE) {
      await producer.send(Array.from({ length: Math.min(WAVE, REQUESTS - first) }, (_, offset) => request(first + offset)));
      if (killedAt === undefined && (grantsAtKill = await grants()) >= KILL_AT_GRANTS) {
        killedAt = first + WAVE;
        await processes[0]!.kill();
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (killedAt === undefined) {
      // Every unit was granted before the threshold was seen: kill now, and the drill still checks
      // that the survivor answers what the dead instance had not committed.
      killedAt = REQUESTS;
      grantsAtKill = await grants();
      await processes[0]!.kill();
    }

    const replyOf = (message: { value: string | null }) => (JSON.parse(message.value!) as Envelope<ReservationReplyV1>).payload;
    const answeredIds = (messages: Array<{ value: string | null }>) => new Set(messages.map((message) => replyOf(message).requestId));
    const replies = await readTopicUntil(chaos.topic(TOPICS.reservationReplies.name), (messages) => answeredIds(messages).size >= REQUESTS, { timeoutMs: 180_000 });
    const byRequest = new Map<string, ReservationReplyV1[]>();
    for (const message of replies) {
      const reply = replyOf(message);
      byRequest.set(reply.requestId, [...(byRequest.get(reply.requestId) ?? []), reply]);
    }
    const answerOf = (reply: ReservationReplyV1) => {
      const line = reply.lines?.[0];
      if (reply.outcome === 'done' && line?.status === 'granted') return `granted ${line.reservation.reservationId}`;
      if (reply.outcome === 'done' && line?.status === 'refused') return `refused, ${line.available} available`;
      return `${reply.outcome} ${reply.refusal?.code ?? ''}`;
    };
    // Each request answered, and every answer of a request the same (a redelivered one decided again answers alike).
    expect([...byRequest.keys()].sort()).toEqual(Array.from({ length: REQUESTS }, (_, index) => `order-${index}`).sort());
    const inconsistent = [...byRequest].filter(([, answers]) => new Set(answers.map(answerOf)).size > 1);
    expect(inconsistent).toEqual([]);
    const granted = new Map([...byRequest].flatMap(([requestId, answers]) => (answerOf(answers[0]!).startsWith('granted') ? [[requestId, answerOf(answers[0]!).slice('granted '.length)] as const] : [])));
    expect(granted.size).toBe(UNITS);
    // The others were refused for want of stock, not for anything else.
    expect(new Set([...byRequest.values()].map((answers) => answerOf(answers[0]!)).filter((answer) => !answer.startsWith('granted')))).toEqual(
      new Set(['refused RESERVATION.INSUFFICIENT_AVAILABLE']),
    );

    const stored = await chaos.db.query<{ idempotency_key: string; reservation_id: string }>(`SELECT idempotency_key, reservation_id FROM ${LEDGER_SCHEMA}.reservation ORDER BY 1`);
    expect(new Map(stored.rows.map((row) => [row.idempotency_key, row.reservation_id]))).toEqual(granted);
    expect(await chaos.scalar(`SELECT reserved AS n FROM ${LEDGER_SCHEMA}.stock_balance WHERE sku = $1`, [SKU])).toBe(UNITS);
    const answeredMoreThanOnce = [...byRequest.values()].filter((answers) => answers.length > 1).length;
    console.log(`[${SCENARIO}] requests ${REQUESTS}, instance killed after ${killedAt} were published and ${grantsAtKill} granted, granted ${granted.size}, answered more than once ${answeredMoreThanOnce}`);
    expect((await checkLedgerInvariants(chaos.db, LEDGER_SCHEMA)).violations).toEqual([]);
  });
});
