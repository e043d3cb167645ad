// PostgreSQL itself crashes and comes back while movements are being applied: twice, a few
// seconds apart, `pg_ctl restart -m immediate` quits every backend without a checkpoint, so the
// ledger's transactions in flight are aborted and the server recovers from its WAL. Unlike
// terminating backends, every connection of the pool dies at once and new ones are refused until
// recovery ends. The server is one of the test's own (the shared one is never restarted); the
// ledger runs as its own process under a supervisor, free to ride the restart out or to exit and
// be started again. Nothing acknowledged may be lost, nothing applied twice, no movement half-written.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@ledgerline/testing';
import { ChaosRun, LEDGER_SCHEMA } from './chaos-run';
import { DedicatedPostgres } from './dedicated-postgres';
import { LEDGER_LOG_DIR, LedgerSupervisor } from './ledger-process';
import { chunks, seededRandom, shuffled, storeTraffic } from './movement-factory';

jest.setTimeout(120_000);

const SCENARIO = 'pg-restart';
const RESTARTS = 2;
const PAUSE_BETWEEN_RESTARTS_MS = 3_500;

interface Restart {
  /** Ledger transactions that had already written rows when the restart was called. */
  writingBackends: number;
  downMs: number;
}

interface ReadinessSample {
  status: number | null;
  /** The probe was sent while the server was down or recovering. */
  serverDown: boolean;
}

describe('chaos: PostgreSQL restarted (immediate mode) during ingest', () => {
  let server: DedicatedPostgres | undefined;
  let run: ChaosRun | undefined;
  let supervisor: LedgerSupervisor | undefined;

  afterAll(async () => {
    await supervisor?.stop().catch(() => undefined);
    await run?.close().catch(() => undefined);
    await server?.remove();
  });

  it('applies every acknowledged movement once across two crash restarts of the database server', async () => {
    server = await DedicatedPostgres.start(SCENARIO);
    const database = server;
    run = await ChaosRun.open({ label: SCENARIO, partitions: 3, databaseServerUrl: database.url });
    const chaos = run;
    // Warnings too: the batch failures they report show whether a restart cut a transaction off.
    supervisor = new LedgerSupervisor(SCENARIO, chaos.ledgerEnvironment({ OUTBOX_IDLE_POLL_MS: '50', LOG_LEVEL: 'warn' }));
    await supervisor.start();
    const ledger = supervisor;
    await waitFor(async () => ((await ledger.process?.readiness()) === 200 ? true : undefined), { timeoutMs: 60_000, description: 'the ledger to be ready' });

    const keys = Array.from({ length: 12 }, (_, index) => `SKU-${index}@S${index % 3}`);
    const movements = storeTraffic(chaos.prefix, keys, 60);
    const producer = await chaos.connectProducer('erp');
    let publishing = true;
    const publisher = (async () => {
      await chaos.publish(producer, movements.slice(0, keys.length));
      // Small batches a tenth of a second apart: the ledger is applying one most of the time.
      for (const batch of chunks(shuffled(movements.slice(keys.length), seededRandom(7_331)), 8)) {
        expect(await chaos.publish(producer, batch)).toBe(true);
        await new Promise((settle) => setTimeout(settle, 100));
      }
      publishing = false;
    })();

    let serverDown = false;
    let sampling = true;
    const readiness: ReadinessSample[] = [];
    const sampler = (async () => {
      while (sampling) {
        const downWhenSent = serverDown;
        const status = (await ledger.process?.readiness()) ?? null;
        readiness.push({ status, serverDown: downWhenSent || serverDown });
        await new Promise((settle) => setTimeout(settle, 100));
      }
    })();

    const restarts: Restart[] = [];
    await waitFor(async () => ((await chaos.scalar(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.movement`)) >= movements.length / 5 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 50,
      description: 'a fifth of the traffic applied',
    });
    for (let round = 0; round < RESTARTS; round += 1) {
      if (round > 0) await new Promise((settle) => setTimeout(settle, PAUSE_BETWEEN_RESTARTS_MS));
      // The first restart is made sure to land while a batch waits inside its write; the second
      // lands wherever the traffic happens to be.
      const writingBackends = round === 0 ? await holdBatchInsideItsWrite(chaos, keys) : await waitForWritingTransaction(chaos);
      serverDown = true;
      const started = Date.now();
      await database.restart();
      serverDown = false;
      restarts.push({ writingBackends, downMs: Date.now() - started });
      // The checker's own session died with the server.
      await chaos.reconnect();
    }
    const publishingAfterRestarts = publishing;

    await publisher;
    await chaos.waitUntilSettled(60_000);
    await waitFor(async () => ((await ledger.process?.readiness()) === 200 ? true : undefined), { timeoutMs: 30_000, description: 'the ledger to be ready again' });
    sampling = false;
    await sampler;
    const report = await chaos.check();

    const failures = await batchFailures(ledger.restarts + 1);
    const whileDown = readiness.filter((sample) => sample.serverDown);
    const count = (samples: ReadinessSample[], status: number | null) => samples.filter((sample) => sample.status === status).length;
    console.log(
      `[${SCENARIO}] ${restarts.length} crash restarts (pg_ctl restart -m immediate), down ${restarts.map(({ downMs }) => `${(downMs / 1_000).toFixed(1)} s`).join(' and ')}; ` +
        `${restarts[0]!.writingBackends} batches held inside their write at the first, ${restarts[1]!.writingBackends} writing transactions open when the second was called; ` +
        `publishing still going after the second: ${publishingAfterRestarts}; batch attempts failed: ${failures.total} (${failures.cutOff} cut off by the shutdown, ${failures.refused} refused while down or recovering); ` +
        `readiness while down: ${count(whileDown, 503)} x 503, ${count(whileDown, 200)} x 200, ${count(whileDown, null)} x no answer (${readiness.length} probes, ${count(readiness, 503)} x 503 in all); ` +
        `ledger restarts by its supervisor: ${ledger.restarts} (exits ${JSON.stringify(ledger.exits)})`,
    );
    expect(restarts).toHaveLength(RESTARTS);
    // The first restart caught batches inside their write, and the ledger saw them cut off.
    expect(restarts[0]!.writingBackends).toBeGreaterThan(0);
    expect(failures.cutOff).toBeGreaterThan(0);
    expect(count(whileDown, 503)).toBeGreaterThan(0);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, sent: movements.length, acknowledged: movements.length, applied: movements.length, lost: 0, doubled: 0, deadLettered: 0 });
  });
});

/**
 * Locks the balances of the upper half of the keys (in key order, the order a batch sends them)
 * from the checker's connection, so that the next batch touching them waits inside its write
 * statement, its transaction begun and, where the balances of its lower keys came first, some of
 * them written: the worst moment for a crash. Returns how many ledger transactions wait there.
 * The locks are never released: the restart ends the checker's transaction with all the others.
 */
async function holdBatchInsideItsWrite(chaos: ChaosRun, keys: readonly string[]): Promise<number> {
  const sku = (key: string) => key.split('@')[0]!;
  const byKeyOrder = [...keys].sort((a, b) => (sku(a) < sku(b) ? -1 : sku(a) > sku(b) ? 1 : 0));
  return chaos.holdBalancesUntilABatchWaits(byKeyOrder.slice(Math.floor(keys.length / 2)), 5_000);
}

/**
 * Waits (briefly) until a ledger backend is inside a transaction that already holds a
 * transaction id (it locked or wrote rows), so the restart lands in the middle of a batch.
 * Returns how many there were; 0 if none showed up in time.
 */
async function waitForWritingTransaction(chaos: ChaosRun): Promise<number> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const writing = await chaos.scalar(
      `SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = $1 AND application_name = 'inventory-ledger' AND backend_xid IS NOT NULL
          AND state IN ('active', 'idle in transaction')`,
      [chaos.database.name],
    );
    if (writing > 0 || Date.now() > deadline) return writing;
    await new Promise((settle) => setTimeout(settle, 5));
  }
}

/** Batch attempts the ledger processes logged as failed, by what the database did to them. */
async function batchFailures(processes: number): Promise<{ total: number; cutOff: number; refused: number }> {
  const totals = { total: 0, cutOff: 0, refused: 0 };
  for (let index = 0; index < processes; index += 1) {
    const log = await readFile(join(LEDGER_LOG_DIR, `${SCENARIO}-${index}.log`), 'utf8').catch(() => '');
    for (const line of log.split('\n')) {
      if (!line.includes('"processing failed; retrying"') && !line.includes('"partition stalled: retrying until the failure passes"')) continue;
      const entry = JSON.parse(line) as { error?: string };
      totals.total += 1;
      if (/immediate shutdown|terminat/i.test(entry.error ?? '')) totals.cutOff += 1;
      else totals.refused += 1;
    }
  }
  return totals;
}
