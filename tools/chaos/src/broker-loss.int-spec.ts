// One broker of a three-broker cluster is lost under POS load, with authentication and ACLs on as
// in production: every node takes SASL/SCRAM only (the nodes too authenticate to each other),
// pos-ingestion and the ledger connect each as its own principal under the platform's ACLs, and
// the brokers' authorizers must refuse them nothing. The broker leading most partitions
// of the movements topic is killed (kill -9) while tills post to pos-ingestion, kept down for
// CHAOS_BROKER_LOSS_SECONDS (12 s by default, the size run in CI: longer than the controller's
// broker session timeout, so leadership really moves; 60 for the full drill) and started again.
// Topics have three replicas and need two in sync, so the two brokers left keep taking writes:
// the tills' requests go on being accepted (a request caught by the failover may be answered 503
// and succeeds on retry), pos-ingestion and the ledger (processes of their own) ride it out
// without a restart, every line answered 202 is in the ledger exactly once, the ERP's view from
// the compacted stock-levels topic equals the ledger, the restarted broker's replicas are back in
// sync, and no node's authorizer logged a refusal.
import { TOPICS } from '@ledgerline/contracts';
import { compareWithLedger, erpStockView, ledgerBalances, type StockChangedEnvelope } from '@ledgerline/history-checker';
import { readTopicUntil, startServiceProcess, waitFor, type ServiceProcess } from '@ledgerline/testing';
import { ChaosRun, LEDGER_SCHEMA } from './chaos-run';
import { DedicatedCluster, brokerJarsPresent } from './dedicated-cluster';
import { ingestionEnvironment, untilEveryAcceptedPublished } from './pos-ingestion-process';
import { recordsOnTopic } from './pos-raw-intake';
import { issueKey, pause, startTillFleet, sumFigures, type TillAttempt } from './pos-till';

const LOSS_MS = Number(process.env['CHAOS_BROKER_LOSS_SECONDS'] ?? 12) * 1_000;
const TILLS = 6;
const SEED = 20_261_207;
/** Topics the ledger and pos-ingestion write (and the group offsets), whose replicas the restarted broker must catch up on. */
const WRITTEN_TOPICS = [TOPICS.inventoryMovements, TOPICS.stockChanged, TOPICS.stockLevels, TOPICS.posTransactionsRaw];

jest.setTimeout(240_000 + LOSS_MS);

const describeWithJars = brokerJarsPresent() ? describe : describe.skip;
if (!brokerJarsPresent()) console.warn('[broker-loss] skipped: the broker jars are absent (run tools/kafka/kafka.sh install)');

describeWithJars('chaos: a broker of three lost under POS load', () => {
  let cluster: DedicatedCluster | undefined;
  let run: ChaosRun | undefined;
  const services: ServiceProcess[] = [];

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop().catch(() => undefined)));
    await run?.close().catch(() => undefined);
    await cluster?.remove();
  });

  it('keeps accepting sales, loses and doubles nothing, and the restarted broker catches up', async () => {
    const kafka = (cluster = await DedicatedCluster.start('loss', { authenticated: true }));
    const chaos = (run = await ChaosRun.open({ label: 'broker-loss', authenticated: kafka, partitions: 3 }));
    // Set, as in production, so that no broker fenced for a moment at a service's start shrinks the topics it creates.
    const durability = { KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2' };
    const ledger = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: chaos.ledgerEnvironment(durability) });
    services.push(ledger);
    const ingestion = await startServiceProcess({
      name: 'pos-ingestion',
      entry: 'apps/pos-ingestion/src/main.ts',
      env: ingestionEnvironment(chaos, { ...durability, INTAKE_PUBLISH_TIMEOUT_MS: '5000' }),
    });
    services.push(ingestion);

    const stores = await Promise.all(['S1', 'S2'].map(async (storeId) => ({ storeId, apiKey: (await issueKey(ingestion.url, storeId)).apiKey })));
    const attempts: TillAttempt[] = [];
    // Paced, so that a full-size loss does not pile up more events than the checks read in time.
    const pacing = { skus: 8, pauseMs: 150, deadlineMs: 120_000 + LOSS_MS };
    const fleet = startTillFleet({ ...pacing, tills: TILLS, baseUrl: () => ingestion.url, stores, history: chaos.history, seed: SEED, observe: (attempt) => attempts.push(attempt) });
    const acknowledged = () => chaos.history.acknowledgedIds().length;
    await waitFor(() => (acknowledged() >= 60 ? true : undefined), { timeoutMs: 60_000, description: 'tills answered before the loss' });

    const movements = chaos.topic(TOPICS.inventoryMovements.name);
    const lost = await kafka.mainLeaderOf(movements);
    await kafka.crash(lost);
    const lossStarted = Date.now();
    const acknowledgedAtLoss = acknowledged();
    const readiness = { ingestion: new ReadinessSamples(`${ingestion.url}/health/ready`), ledger: new ReadinessSamples(`${ledger.url}/health/ready`) };
    while (Date.now() - lossStarted < LOSS_MS) {
      await Promise.all([readiness.ingestion.sample(), readiness.ledger.sample()]);
      await pause(1_000);
    }
    const acknowledgedWhileDown = acknowledged() - acknowledgedAtLoss;
    const leaderAfterLoss = await kafka.mainLeaderOf(movements);
    await kafka.resume(lost);
    const downSeconds = (Date.now() - lossStarted) / 1_000;

    // The restarted broker fetches what the others took meanwhile until it is in sync again.
    const restarted = Date.now();
    const writtenTopics = [...WRITTEN_TOPICS.map((topic) => chaos.topic(topic.name)), '__consumer_offsets'];
    await waitFor(async () => ((await kafka.outOfSyncReplicas(lost, writtenTopics)).length === 0 ? true : undefined), {
      timeoutMs: 90_000,
      intervalMs: 500,
      description: `broker ${lost}'s replicas back in sync`,
    });
    const catchUpSeconds = (Date.now() - restarted) / 1_000;

    const afterRestart = acknowledged();
    await waitFor(() => (acknowledged() >= afterRestart + 40 ? true : undefined), { timeoutMs: 60_000, description: 'tills answered after the restart' });
    await fleet.stop();
    await untilEveryAcceptedPublished(chaos, 'every accepted transaction published');
    await chaos.waitUntilSettled(90_000);
    // Printed before the checks, which read the topics and fail on a shortfall without these figures.
    console.log(
      `[broker-loss] settled: ${await chaos.scalar(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.movement`)} movements in the ledger; records on the topics: ` +
        `movements ${await recordsOnTopic(chaos, movements)}, stock-changed ${await recordsOnTopic(chaos, chaos.topic(TOPICS.stockChanged.name))}, ` +
        `stock-levels ${await recordsOnTopic(chaos, chaos.topic(TOPICS.stockLevels.name))}`,
    );
    const report = await chaos.check();
    const stockLevelDifferences = await compareStockLevels(chaos);
    const denials = await kafka.denials();

    const answered = attempts.filter((attempt) => attempt.status > 0);
    const duringLoss = attempts.filter((attempt) => attempt.startedAt >= lossStarted && attempt.startedAt < lossStarted + LOSS_MS);
    const figures = sumFigures(fleet.tills);
    const count = (statuses: Array<number | null>, status: number | null) => statuses.filter((entry) => entry === status).length;
    console.log(
      `[broker-loss] broker ${lost} (leading the most movements partitions; broker ${leaderAfterLoss} led most of them while it was down) killed, ` +
        `down ${downSeconds.toFixed(1)} s (${LOSS_MS / 1_000} s held), back in sync ${catchUpSeconds.toFixed(1)} s after its restart; ` +
        `${acknowledgedWhileDown} lines acknowledged while it was down; ${answered.length} answers: ${count(answered.map((a) => a.status), 202)} x 202, ` +
        `${count(answered.map((a) => a.status), 503)} x 503 (${count(duringLoss.map((a) => a.status), 503)} of them to requests sent while it was down), ` +
        `${attempts.length - answered.length} without an answer; slowest answer ${Math.max(...answered.map((attempt) => attempt.ms))} ms; ` +
        `readiness while down: pos-ingestion ${readiness.ingestion.summary()}, ledger ${readiness.ledger.summary()}; ` +
        `tills: accepted ${figures.accepted}, duplicate ${figures.duplicateAnswers}; stock-levels view: ${stockLevelDifferences.length} differences; ` +
        `requests the authorizers refused: ${denials.length}`,
    );

    expect(leaderAfterLoss).not.toBe(lost);
    // Two brokers of three hold two in-sync replicas: writes go on while one is lost.
    expect(acknowledgedWhileDown).toBeGreaterThan(0);
    expect(new Set(answered.map((attempt) => attempt.status))).toEqual(new Set(answered.some((attempt) => attempt.status === 503) ? [202, 503] : [202]));
    expect(attempts.length - answered.length).toBe(0);
    // Neither service needed a restart.
    expect(await Promise.race([...services.map((service) => service.exited.then(() => service.name)), pause(100).then(() => 'none')])).toBe('none');
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, lost: 0, doubled: 0, phantom: 0 });
    expect(report.acknowledged).toBe(report.sent);
    expect(report.applied).toBe(report.sent);
    expect(stockLevelDifferences).toEqual([]);
    // Each service did all it needed as its own principal: the ACLs let it, before, during and after the loss.
    expect(denials).toEqual([]);
  });
});

/** Readiness answers while the broker is down, with the checks that said not-ready and how often. */
class ReadinessSamples {
  private readonly statuses: Array<number | null> = [];
  private readonly failing = new Map<string, number>();
  private readonly firstDetails = new Map<string, string>();

  constructor(private readonly url: string) {}

  async sample(): Promise<void> {
    const answer = await fetch(this.url, { signal: AbortSignal.timeout(3_000) }).catch(() => undefined);
    this.statuses.push(answer?.status ?? null);
    if (answer === undefined || answer.ok) return;
    const body = (await answer.json().catch(() => ({}))) as { checks?: Record<string, { ready: boolean; detail?: string }> };
    for (const [name, check] of Object.entries(body.checks ?? {})) {
      if (check.ready) continue;
      this.failing.set(name, (this.failing.get(name) ?? 0) + 1);
      if (!this.firstDetails.has(name)) this.firstDetails.set(name, check.detail ?? '');
    }
  }

  summary(): string {
    const count = (status: number | null) => this.statuses.filter((entry) => entry === status).length;
    const why = [...this.failing].map(([name, times]) => `${name} ${times}: "${this.firstDetails.get(name)}"`).join(', ');
    return `${count(200)} x 200, ${count(503)} x 503${why ? ` (not ready: ${why})` : ''}, ${count(null)} x no answer`;
  }
}

/**
 * What an ERP bootstrapping from the compacted stock-levels topic believes, against the ledger:
 * the record with the highest balanceVersion per key, read until every ledger balance is reached.
 */
async function compareStockLevels(chaos: ChaosRun): Promise<string[]> {
  const ledger = await ledgerBalances(chaos.db, LEDGER_SCHEMA);
  const asView = (values: Array<string | null>) =>
    erpStockView(
      values.map((value) => {
        const level = JSON.parse(value!) as { eventId: string; payload: StockChangedEnvelope['payload'] & { lastMovementId: string } };
        return { eventId: level.eventId, payload: { ...level.payload, movementId: level.payload.lastMovementId } };
      }),
    );
  // Only the records read since the last look are decoded: the condition is asked after every one.
  const versions = new Map<string, number>();
  let decoded = 0;
  const messages = await readTopicUntil(
    chaos.topic(TOPICS.stockLevels.name),
    (read) => {
      for (; decoded < read.length; decoded++) {
        const { payload } = JSON.parse(read[decoded]!.value!) as { payload: { sku: string; locationId: string; balanceVersion: number } };
        const key = `${payload.sku}@${payload.locationId}`;
        versions.set(key, Math.max(versions.get(key) ?? 0, payload.balanceVersion));
      }
      return [...ledger].every(([key, balance]) => (versions.get(key) ?? 0) >= balance.balanceVersion);
    },
    { timeoutMs: 60_000, brokers: chaos.brokers, security: chaos.security },
  );
  return compareWithLedger(asView(messages.map((message) => message.value)), ledger);
}
