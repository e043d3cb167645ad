// pos-ingestion killed like kill -9 after Kafka acknowledged a publication but before it marked the
// transaction published and answered the till, and killed at random moments under load, while
// tills keep posting and retrying unchanged. The ledger, a process too, must end with every line
// the tills were answered 202 for exactly once: a retried transaction found recorded but
// unpublished is published again with the same movement ids, and the ledger drops the repeat.
import { TOPICS } from '@ledgerline/contracts';
import { waitFor, type ServiceProcess } from '@ledgerline/testing';
import { ChaosRun } from './chaos-run';
import { seededRandom } from './movement-factory';
import { recordsOnTopic } from './pos-raw-intake';
import { IngestionSupervisor, ingestionEnvironment, startLedger, untilEveryAcceptedPublished } from './pos-ingestion-process';
import { Till, issueKey, pause, sumFigures, tillTransaction } from './pos-till';

jest.setTimeout(180_000);

const SEED = 20_260_311;
const INJECTED_CRASHES = 3;
const RANDOM_KILLS = 2;

describe('chaos: pos-ingestion killed after the Kafka acknowledgement and at random', () => {
  let run: ChaosRun;
  let ledger: ServiceProcess | undefined;
  let ingestion: IngestionSupervisor | undefined;
  let tills: Till[] = [];
  let passed = false;

  beforeAll(async () => {
    run = await ChaosRun.open({ label: 'pos-crash', partitions: 3 });
  });

  afterAll(async () => {
    if (ingestion && !passed) console.log(`[pos-crash] lives ${ingestion.lives}, exits ${JSON.stringify(ingestion.exits)} ${JSON.stringify(sumFigures(tills))} ${tills.map((till) => till.lastRefusal).join(' | ')}\n${ingestion.process?.outputTail(30) ?? ''}`);
    if (ingestion && ingestion.failedStarts.length > 0) console.log(`[pos-crash] failed starts:\n${ingestion.failedStarts.join('\n')}`);
    await ingestion?.stop().catch(() => undefined);
    await ledger?.stop().catch(() => undefined);
    await run?.close();
  });

  it('applies every line a till was answered for exactly once', async () => {
    const random = seededRandom(SEED);
    // The first lives die right after their n-th acknowledged publication; later ones run clean.
    const crashAt = Array.from({ length: INJECTED_CRASHES }, () => 3 + Math.floor(random() * 10));
    ledger = await startLedger(run);
    ingestion = await IngestionSupervisor.start(ingestionEnvironment(run), {
      faultForStart: (start) => (start < INJECTED_CRASHES ? `after-kafka-ack@${crashAt[start]}` : undefined),
    });
    const supervisor = ingestion;
    const stores = ['S1', 'S2'];
    const keys = await Promise.all(stores.map((storeId) => issueKey(supervisor.url, storeId)));

    tills = [0, 1, 2, 3].map((index) => new Till(() => supervisor.url, keys[index % 2]!.apiKey, run.history));
    let stopping = false;
    const tillLoops = tills.map(async (till, index) => {
      const storeId = stores[index % 2]!;
      const tillRandom = seededRandom(SEED + index);
      for (let sequence = 0; !stopping; sequence++) {
        const lines = Array.from({ length: 1 + Math.floor(tillRandom() * 3) }, (_, line) => ({ sku: `SKU-${(sequence + line * 2) % 6}`, quantity: 1 + Math.floor(tillRandom() * 4) }));
        await till.postUntilAnswered(tillTransaction(storeId, `T${index}-${sequence}`, lines, tillRandom() < 0.15 ? 'return' : 'sale'));
      }
    });

    const acknowledged = () => run.history.acknowledgedIds().length;
    await waitFor(() => supervisor.lives > INJECTED_CRASHES, { timeoutMs: 90_000, description: `${INJECTED_CRASHES} injected crashes` });
    for (let kill = 0; kill < RANDOM_KILLS; kill++) {
      // Let the next life take real traffic, then kill it at an arbitrary moment.
      const before = acknowledged();
      await waitFor(() => acknowledged() >= before + 40, { timeoutMs: 60_000, description: 'tills answered by the restarted instance' });
      await pause(200 + Math.floor(random() * 1_500));
      await supervisor.kill();
    }
    const beforeEnd = acknowledged();
    await waitFor(() => acknowledged() >= beforeEnd + 40, { timeoutMs: 60_000, description: 'tills answered after the last kill' });
    stopping = true;
    await Promise.all(tillLoops);

    await untilEveryAcceptedPublished(run, 'the republisher to publish what the crashes left unpublished');
    await run.waitUntilSettled(90_000);
    const report = await run.check();
    const topicRecords = await recordsOnTopic(run, run.topic(TOPICS.inventoryMovements.name));
    const figures = sumFigures(tills);
    const exits = supervisor.exits;
    console.log(
      `[pos-crash] crash points after-kafka-ack@${crashAt.join(',')}; exits ${exits.map((exit) => exit.signal ?? exit.code).join(' ')} (+${supervisor.failedStarts.length} during start); ` +
        `till attempts ${figures.attempts} (connection errors ${figures.connectionErrors}, 5xx ${figures.serverErrors}), ` +
        `answers accepted ${figures.accepted} duplicate ${figures.duplicateAnswers}; movement records on the topic ${topicRecords} for ${report.applied} movements`,
    );

    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, lost: 0, doubled: 0, phantom: 0 });
    // The tills retried until answered, so everything they sent was acknowledged, and applied once.
    expect(report.acknowledged).toBe(report.sent);
    expect(report.applied).toBe(report.sent);
    // A life whose injected crash came while it was starting counts as a failed start, not an exit.
    expect(exits.length + supervisor.failedStarts.length).toBe(INJECTED_CRASHES + RANDOM_KILLS);
    expect(exits.every((exit) => exit.signal === 'SIGKILL')).toBe(true);
    expect(figures.connectionErrors).toBeGreaterThan(0);
    // A crash after the acknowledgement leaves the in-flight transactions recorded: the retry is a duplicate.
    expect(figures.duplicateAnswers).toBeGreaterThan(0);
    // ...and some of them were published twice, which the ledger absorbed.
    expect(topicRecords).toBeGreaterThan(report.applied);
    passed = true;
  });
});
