// The broker stops answering (SIGSTOP of its JVM: connections stay open, nothing comes back, as in
// a long GC pause or on a frozen host) while eight tills post to pos-ingestion, whose pool has
// fewer connections than there are tills. Every POS request must still be answered within the
// publish bound, 202 or 503 INTAKE.UNAVAILABLE with Retry-After, and never fail for want of a
// database connection; readiness says not-ready meanwhile. While the broker is stopped, a second
// pos-ingestion instance (with a request waiting for Kafka) and the ledger get SIGTERM and must
// exit within their SHUTDOWN_TIMEOUT_MS. After SIGCONT the tills' retries go through, and every
// line a till was answered 202 for is in the ledger exactly once.
//
// CHAOS_BROKER_STALL_SECONDS sets how long the broker stays stopped (20 s by default, the size run
// in CI; 60 for the full drill).
import { TOPICS } from '@ledgerline/contracts';
import { startServiceProcess, waitFor, type ServiceExit, type ServiceProcess } from '@ledgerline/testing';
import { ChaosRun } from './chaos-run';
import { DedicatedBroker } from './dedicated-broker';
import { recordsOnTopic } from './pos-raw-intake';
import { ingestionEnvironment, untilEveryAcceptedPublished } from './pos-ingestion-process';
import { Till, issueKey, pause, startTillFleet, statusOf, sumFigures, tillTransaction, type TillAttempt } from './pos-till';

const STALL_MS = Number(process.env['CHAOS_BROKER_STALL_SECONDS'] ?? 20) * 1_000;
const PUBLISH_TIMEOUT_MS = 4_000;
const SHUTDOWN_TIMEOUT_MS = 5_000;
/** Scheduling on a loaded 2-core machine: an answer or an exit may come this much after its bound. */
const MARGIN_MS = 2_000;
const TILLS = 8;
const POOL_SIZE = 4;
const SEED = 20_261_206;

jest.setTimeout(240_000 + STALL_MS);

describe('chaos: the broker stalls (SIGSTOP) under POS load', () => {
  let broker: DedicatedBroker | undefined;
  let run: ChaosRun | undefined;
  const services: ServiceProcess[] = [];
  // Stopped in afterAll too: tills left posting after a failure would fail the next drill in this worker.
  let stopFleet: (() => Promise<void>) | undefined;

  afterAll(async () => {
    await stopFleet?.().catch(() => undefined);
    await broker?.thaw().catch(() => undefined);
    await Promise.all(services.map((service) => service.stop().catch(() => undefined)));
    await run?.close().catch(() => undefined);
    await broker?.remove();
  });

  it('answers every POS request within the bound, never runs the pool dry, stops within its bound, and loses nothing accepted', async () => {
    broker = await DedicatedBroker.start('stall');
    const chaos = (run = await ChaosRun.open({ label: 'broker-stall', brokers: [broker.address], partitions: 3 }));
    const ledgerEnvironment = chaos.ledgerEnvironment({ SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
    const environment = ingestionEnvironment(chaos, {
      INTAKE_PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS),
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    const ledger = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: ledgerEnvironment });
    services.push(ledger);
    const ingestion = await startServiceProcess({ name: 'pos-ingestion', entry: 'apps/pos-ingestion/src/main.ts', env: environment });
    services.push(ingestion);
    const second = await startServiceProcess({ name: 'pos-ingestion', entry: 'apps/pos-ingestion/src/main.ts', env: environment });
    services.push(second);

    const stores = await Promise.all(['S1', 'S2'].map(async (storeId) => ({ storeId, apiKey: (await issueKey(ingestion.url, storeId)).apiKey })));
    const attempts: TillAttempt[] = [];
    const fleet = startTillFleet({
      tills: TILLS,
      baseUrl: () => ingestion.url,
      stores,
      history: chaos.history,
      seed: SEED,
      skus: 6,
      deadlineMs: 120_000 + STALL_MS,
      observe: (attempt) => attempts.push(attempt),
    });
    stopFleet = fleet.stop;
    const acknowledged = () => chaos.history.acknowledgedIds().length;
    await waitFor(() => (acknowledged() >= 60 ? true : undefined), { timeoutMs: 60_000, description: 'tills answered before the stall' });

    await broker.freeze();
    const stallStarted = Date.now();
    const readiness: Array<number | null> = [];
    const pool = { waiting: 0, total: 0 };
    let longestTransactionSeconds = 0;
    const watching = (async () => {
      while (Date.now() - stallStarted < STALL_MS) {
        // Nothing pos-ingestion does while it waits for Kafka keeps a transaction open.
        longestTransactionSeconds = Math.max(
          longestTransactionSeconds,
          await chaos.scalar(
            `SELECT coalesce(max(extract(epoch FROM now() - xact_start)), 0) AS n FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = 'pos-ingestion' AND xact_start IS NOT NULL`,
          ),
        );
        readiness.push(await statusOf(`${ingestion.url}/health/ready`));
        const metrics = await metricsOf(ingestion.url);
        pool.waiting = Math.max(pool.waiting, metrics.poolWaiting);
        pool.total = Math.max(pool.total, metrics.poolTotal);
        await pause(1_000);
      }
    })();

    // SIGTERM while the broker is stopped: the second instance with a till's request waiting for Kafka, and the ledger.
    await pause(Math.min(4_000, STALL_MS / 4));
    // This till turns to the serving instance once the second is gone; what it sent the second is counted apart.
    let secondGoneAt = Number.POSITIVE_INFINITY;
    const movedAttempts: TillAttempt[] = [];
    const movedTill = new Till(() => (Date.now() < secondGoneAt ? second.url : ingestion.url), stores[0]!.apiKey, chaos.history, (attempt) =>
      (attempt.startedAt < secondGoneAt ? movedAttempts : attempts).push(attempt),
    );
    const movedPost = movedTill.postUntilAnswered(tillTransaction('S1', 'MOVED-1', [{ sku: 'SKU-0', quantity: 1 }]), 120_000 + STALL_MS);
    await pause(500);
    const [secondExit, ledgerExit] = await Promise.all([timedStop(second), timedStop(ledger)]);
    secondGoneAt = Date.now();

    await watching;
    await broker.thaw();
    const stallSeconds = (Date.now() - stallStarted) / 1_000;
    const afterThaw = acknowledged();
    await waitFor(() => (acknowledged() >= afterThaw + 60 ? true : undefined), { timeoutMs: 90_000, description: 'tills answered after the broker came back' }).catch(async (error: Error) => {
      const lastAnswers = attempts.slice(-5).map((attempt) => `${attempt.status} after ${attempt.ms} ms`);
      const exited = await Promise.race([ingestion.exited.then((exit) => JSON.stringify(exit)), pause(100).then(() => 'no')]);
      throw new Error(
        `${error.message}; the last answers ${JSON.stringify(lastAnswers)}; the tills' last refusals ${JSON.stringify(fleet.tills.map((till) => till.lastRefusal))}; ` +
          `pos-ingestion exited: ${exited}; pos-ingestion printed:\n${ingestion.outputTail(60)}`,
      );
    });
    await Promise.all([fleet.stop(), movedPost]);

    const restartedLedger = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: ledgerEnvironment });
    services.push(restartedLedger);
    await untilEveryAcceptedPublished(chaos, 'every accepted transaction published');
    await chaos.waitUntilSettled(120_000);
    const report = await chaos.check();
    const topicRecords = await recordsOnTopic(chaos, chaos.topic(TOPICS.inventoryMovements.name));
    const finalMetrics = await metricsOf(ingestion.url);

    const answered = attempts.filter((attempt) => attempt.status > 0);
    const unavailable = answered.filter((attempt) => attempt.status === 503);
    const slowestMs = Math.max(...answered.map((attempt) => attempt.ms));
    const duringStall = answered.filter((attempt) => attempt.startedAt >= stallStarted && attempt.startedAt < stallStarted + STALL_MS);
    const figures = sumFigures(fleet.tills);
    console.log(
      `[broker-stall] broker stopped ${stallSeconds.toFixed(1)} s; ${answered.length} answers (${duringStall.length} to requests sent while stopped): ` +
        `${answered.filter((attempt) => attempt.status === 202).length} x 202, ${unavailable.length} x 503; slowest answer ${slowestMs} ms (bound ${PUBLISH_TIMEOUT_MS} ms); ` +
        `no answer ${attempts.filter((attempt) => attempt.status === 0).length} on the serving instance; readiness while stopped ${readiness.filter((status) => status === 503).length} x 503, ` +
        `${readiness.filter((status) => status === 200).length} x 200, ${readiness.filter((status) => status === null).length} x no answer; ` +
        `pool of ${POOL_SIZE}: at most ${pool.total} open, ${pool.waiting} waiting; longest pos-ingestion transaction open ${longestTransactionSeconds.toFixed(2)} s; 503 by cause kafka ${finalMetrics.unavailableKafka}, other ${finalMetrics.unavailableOther}; ` +
        `SIGTERM to exit: pos-ingestion ${secondExit.ms} ms (${JSON.stringify(secondExit.exit)}; its waiting request answered ${movedAttempts.map((attempt) => attempt.status || 'nothing').join(', ')}), ledger ${ledgerExit.ms} ms (${JSON.stringify(ledgerExit.exit)}), bound ${SHUTDOWN_TIMEOUT_MS} ms; ` +
        `tills: accepted ${figures.accepted}, duplicate ${figures.duplicateAnswers}; movement records on the topic ${topicRecords} for ${report.applied} movements`,
    );

    // Every request to the serving instance was answered, and within the bound.
    expect(attempts.filter((attempt) => attempt.status === 0)).toEqual([]);
    expect(new Set(answered.map((attempt) => attempt.status))).toEqual(new Set([202, 503]));
    expect(slowestMs).toBeLessThan(PUBLISH_TIMEOUT_MS + MARGIN_MS);
    expect(unavailable.every((attempt) => attempt.code === 'INTAKE.UNAVAILABLE' && attempt.retryAfter === '1')).toBe(true);
    // Only Kafka made requests wait: none failed for want of a connection, and no transaction stayed open while they waited.
    expect(finalMetrics.unavailableOther).toBe(0);
    expect(longestTransactionSeconds).toBeLessThan(PUBLISH_TIMEOUT_MS / 2_000);
    expect(finalMetrics.unavailableKafka).toBeGreaterThan(0);
    expect(readiness.filter((status) => status === 503).length).toBeGreaterThan(0);
    // A process told to stop exits within its bound, whatever it waits on.
    for (const stopped of [secondExit, ledgerExit]) {
      expect(stopped.exit.signal).toBeNull();
      expect(stopped.ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS + MARGIN_MS);
    }
    // Nothing accepted lost or doubled: every line answered 202 is in the ledger once.
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, lost: 0, doubled: 0, phantom: 0 });
    expect(report.acknowledged).toBe(report.sent);
    expect(report.applied).toBe(report.sent);
  });
});

async function timedStop(service: ServiceProcess): Promise<{ ms: number; exit: ServiceExit }> {
  const started = Date.now();
  const exit = await service.stop('SIGTERM');
  return { ms: Date.now() - started, exit };
}

async function metricsOf(baseUrl: string): Promise<{ poolWaiting: number; poolTotal: number; unavailableKafka: number; unavailableOther: number }> {
  const text = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(3_000) })
    .then((response) => response.text())
    .catch(() => '');
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    poolWaiting: value(/^pos_database_pool_connections\{[^}]*state="waiting"[^}]*\} (\d+)/m),
    poolTotal: value(/^pos_database_pool_connections\{[^}]*state="total"[^}]*\} (\d+)/m),
    unavailableKafka: value(/^pos_requests_unavailable_total\{[^}]*cause="kafka"[^}]*\} (\d+)/m),
    unavailableOther: value(/^pos_requests_unavailable_total\{[^}]*cause="other"[^}]*\} (\d+)/m),
  };
}
