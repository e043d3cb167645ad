// PostgreSQL refuses the ledger's writes, in ways its code has no rule for, while movements pour
// in: the database set read-only (a failover's demoted primary) with its sessions cut, INSERT on
// the movement table revoked from the ledger's role (an operator's mistake), and a statement
// timeout of 1 ms set on the database. Each lasts a while and is then put right. Before this
// round an unknown error dead-lettered accepted movements after two tries; now nothing may be
// set aside: the partition stalls, readiness says so, and once the fault passes every movement
// is applied exactly once. The ledger runs under a supervisor, so it may also exit and restart.
//
// CHAOS_PG_REFUSAL_SECONDS sets how long each refusal lasts (default 8 s; the full drill is 60).
import { TOPICS } from '@ledgerline/contracts';
import { createKafkaClient } from '@ledgerline/messaging';
import { ChaosRun, LEDGER_SCHEMA } from './chaos-run';
import { LedgerSupervisor } from './ledger-process';
import { chunks, seededRandom, shuffled, storeTraffic } from './movement-factory';

const REFUSAL_SECONDS = Number(process.env['CHAOS_PG_REFUSAL_SECONDS'] ?? 8);

jest.setTimeout(120_000 + REFUSAL_SECONDS * 3_000);

interface WriteRefusal {
  name: string;
  /** The ledger's settings for this refusal, beyond the run's own. */
  ledgerSettings?: Record<string, string>;
  begin(run: ChaosRun): Promise<void>;
  end(run: ChaosRun): Promise<void>;
}

/** Ends the ledger's sessions, as a failover does: new ones see the database's new settings. */
async function cutLedgerSessions(run: ChaosRun): Promise<void> {
  await run.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'inventory-ledger'`, [run.database.name]);
}

const REFUSALS: WriteRefusal[] = [
  {
    name: 'read-only database',
    begin: async (run) => {
      await run.db.query(`ALTER DATABASE "${run.database.name}" SET default_transaction_read_only = on`);
      await cutLedgerSessions(run);
    },
    end: async (run) => {
      await run.db.query(`ALTER DATABASE "${run.database.name}" RESET default_transaction_read_only`);
      await cutLedgerSessions(run);
    },
  },
  {
    name: 'INSERT revoked',
    begin: (run) => run.db.query(`REVOKE INSERT ON ${LEDGER_SCHEMA}.movement FROM "${run.ledgerRole}"`).then(() => undefined),
    end: (run) => run.db.query(`GRANT INSERT ON ${LEDGER_SCHEMA}.movement TO "${run.ledgerRole}"`).then(() => undefined),
  },
  {
    name: '1 ms statement timeout',
    // The ledger's own bound would override the database's setting; here the database decides.
    ledgerSettings: { DATABASE_STATEMENT_TIMEOUT_MS: '0' },
    begin: async (run) => {
      await run.db.query(`ALTER DATABASE "${run.database.name}" SET statement_timeout = '1ms'`);
      await cutLedgerSessions(run);
    },
    end: async (run) => {
      await run.db.query(`ALTER DATABASE "${run.database.name}" RESET statement_timeout`);
      await cutLedgerSessions(run);
    },
  },
];

describe('chaos: PostgreSQL refuses the ledger\'s writes, then recovers', () => {
  let run: ChaosRun | undefined;
  let supervisor: LedgerSupervisor | undefined;

  afterEach(async () => {
    await supervisor?.stop().catch(() => undefined);
    await run?.close();
    supervisor = undefined;
    run = undefined;
  });

  it.each(REFUSALS.map((refusal) => [refusal.name, refusal] as const))('%s: nothing dead-lettered, lost or doubled; not ready meanwhile', async (name, refusal) => {
    run = await ChaosRun.open({ label: `pg-refuses-${name.split(' ')[0]}`, partitions: 3 });
    const current = run;
    const keys = Array.from({ length: 12 }, (_, index) => `SKU-${index}@S${index % 3}`);
    const movements = storeTraffic(current.prefix, keys, 40);
    const producer = await current.connectProducer('erp');
    supervisor = new LedgerSupervisor(`pg-refuses-${name.split(' ')[0]}`, current.ledgerEnvironment({ OUTBOX_IDLE_POLL_MS: '50', ...refusal.ledgerSettings }));
    await supervisor.start();
    await current.publish(producer, movements.slice(0, keys.length));
    await current.waitUntilSettled(60_000);

    // The rest of the traffic spreads over the refusal and a little after it.
    const rest = chunks(shuffled(movements.slice(keys.length), seededRandom(7)), 8);
    const pauseMs = ((REFUSAL_SECONDS + 4) * 1_000) / rest.length;
    const publisher = (async () => {
      for (const batch of rest) {
        expect(await current.publish(producer, batch)).toBe(true);
        await new Promise((settle) => setTimeout(settle, pauseMs));
      }
    })();

    await new Promise((settle) => setTimeout(settle, 1_000));
    await refusal.begin(current);
    const refusedAt = Date.now();
    const readiness = { ready: 0, notReady: 0, noAnswer: 0 };
    while (Date.now() - refusedAt < REFUSAL_SECONDS * 1_000) {
      const status = (await supervisor.process?.readiness()) ?? null;
      if (status === 200) readiness.ready += 1;
      else if (status === null) readiness.noAnswer += 1;
      else readiness.notReady += 1;
      await new Promise((settle) => setTimeout(settle, 500));
    }
    await refusal.end(current);
    const recoveredAt = Date.now();
    await publisher;

    await current.waitUntilSettled(90_000);
    const settledSeconds = (Date.now() - recoveredAt) / 1_000;
    const deadLetters = await deadLetteredCount(current);
    const report = await current.check();
    console.log(
      `[pg-refuses] ${name} for ${REFUSAL_SECONDS} s: ${movements.length} movements; readiness during the refusal ${readiness.notReady} not ready, ${readiness.noAnswer} no answer, ${readiness.ready} ready; ` +
        `settled ${settledSeconds.toFixed(1)} s after recovery; dead letters ${deadLetters}; ledger restarts ${supervisor.restarts} (exits ${JSON.stringify(supervisor.exits)})`,
    );
    expect(deadLetters).toBe(0);
    expect(readiness.notReady).toBeGreaterThan(0);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, sent: movements.length, acknowledged: movements.length, applied: movements.length, lost: 0, doubled: 0 });
  });
});

async function deadLetteredCount(run: ChaosRun): Promise<number> {
  const admin = createKafkaClient({ brokers: run.brokers, clientId: `${run.prefix}-dead-letters` }).admin();
  await admin.connect();
  try {
    const topic = run.topic(TOPICS.inventoryMovementsDeadLetter.name);
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((total, { high, low }) => total + Number(high) - Number(low), 0);
  } finally {
    await admin.disconnect();
  }
}
