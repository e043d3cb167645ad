// PostgreSQL connections lost mid-write: while movements pour in, every backend of the ledger
// (its application_name on its own database only; the server and other suites are left alone) is
// terminated again and again. A batch cut off in the middle of its write must leave no trace, and
// its retry must apply it once. A live batch writes in one statement of a few milliseconds, which
// a termination at a random moment rarely meets, so every other round first holds some balances
// locked until a batch waits for them inside its write, and terminates it there. The ledger runs
// as its own process under a supervisor, since a service may choose to exit and be restarted
// rather than ride it out.
import { ChaosRun, LEDGER_SCHEMA } from './chaos-run';
import { LedgerSupervisor } from './ledger-process';
import { chunks, seededRandom, shuffled, storeTraffic } from './movement-factory';

jest.setTimeout(150_000);

interface Terminations {
  rounds: number;
  backends: number;
  /** Terminated while running a statement or inside a transaction. */
  midTransaction: number;
}

describe('chaos: PostgreSQL connections terminated during ingest', () => {
  let run: ChaosRun;
  let supervisor: LedgerSupervisor | undefined;

  beforeAll(async () => {
    run = await ChaosRun.open({ label: 'pg-loss', partitions: 3 });
  });

  afterAll(async () => {
    await supervisor?.stop().catch(() => undefined);
    await run?.close();
  });

  async function terminateLedgerBackends(totals: Terminations, holding: readonly string[] | undefined): Promise<void> {
    // Not before the ledger's first start-up migration made its tables.
    const held = holding !== undefined && (await run.scalar(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = $1 AND tablename = 'stock_balance'`, [LEDGER_SCHEMA])) > 0;
    if (held) await run.holdBalancesUntilABatchWaits(holding, 400);
    try {
      const { rows } = await run.db.query<{ terminated: boolean; state: string | null }>(
        `SELECT pg_terminate_backend(pid) AS terminated, state FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'inventory-ledger' AND pid <> pg_backend_pid()`,
        [run.database.name],
      );
      totals.rounds += 1;
      for (const row of rows.filter((each) => each.terminated)) {
        totals.backends += 1;
        if (row.state === 'active' || row.state === 'idle in transaction') totals.midTransaction += 1;
      }
    } finally {
      if (held) await run.db.query('ROLLBACK');
    }
  }

  it('applies every movement once although its connections keep dying', async () => {
    const keys = Array.from({ length: 12 }, (_, index) => `SKU-${index}@S${index % 3}`);
    const movements = storeTraffic(run.prefix, keys, 60);
    const producer = await run.connectProducer('erp');
    supervisor = new LedgerSupervisor('pg-loss', run.ledgerEnvironment({ OUTBOX_IDLE_POLL_MS: '50' }));
    await supervisor.start();

    const totals: Terminations = { rounds: 0, backends: 0, midTransaction: 0 };
    let publishing = true;
    const publisher = (async () => {
      await run.publish(producer, movements.slice(0, keys.length));
      // Small batches spread over ~10 s, so the ledger is applying one much of the time.
      for (const batch of chunks(shuffled(movements.slice(keys.length), seededRandom(99)), 10)) {
        expect(await run.publish(producer, batch)).toBe(true);
        await new Promise((settle) => setTimeout(settle, 120));
      }
      publishing = false;
    })();
    // Terminate until the publisher is done and enough transactions were cut off mid-flight.
    const random = seededRandom(4_242);
    const deadline = Date.now() + 30_000;
    while ((publishing || totals.midTransaction < 3) && Date.now() < deadline) {
      const keysToHold = totals.rounds % 2 === 0 ? shuffled(keys, random).slice(0, keys.length / 2) : undefined;
      await terminateLedgerBackends(totals, keysToHold);
      await new Promise((settle) => setTimeout(settle, 50 + random() * 250));
    }
    await publisher;

    await run.waitUntilSettled(90_000);
    const report = await run.check();
    console.log(
      `[pg-loss] ${totals.rounds} termination rounds, ${totals.backends} backends terminated, ${totals.midTransaction} of them mid-transaction; ledger restarts by its supervisor: ${supervisor.restarts} (exits ${JSON.stringify(supervisor.exits)})`,
    );
    expect(totals.midTransaction).toBeGreaterThan(0);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, sent: movements.length, acknowledged: movements.length, applied: movements.length, lost: 0, doubled: 0 });
  });
});
