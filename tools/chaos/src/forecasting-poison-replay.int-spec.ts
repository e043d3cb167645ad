// A poison message on reorder-forecasting's input, dealt with by an operator: a till with its
// clock three days ahead sells on a busy key. The ledger applies the sale (it values what happened
// whenever it is told), but reorder-forecasting refuses its stock change
// (FORECASTING.OCCURRED_AFTER_APPLIED: demand on a day that has not come) and sets it aside on
// forecasting.stock-changed.dead-letter.v1 alone, while every other stock change around it is
// counted. The operator corrects the business time and replays it with
// `reorder-forecasting:dead-letters`, then once more through the service's admin API (forced, as a
// mistaken resend would be): both go to reorder-forecasting's own forecasting.stock-changed.replay.v1 (original key and
// headers, x-replay-of), none to the ledger's stock-changed, and its demand is counted exactly
// once. The ledger's own history check runs at the end as in every drill.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOPICS } from '@ledgerline/contracts';
import { REPLAY_HEADER, createKafkaClient, type DeadLetterDetail, type DeadLetterPage, type ReplayOutcome } from '@ledgerline/messaging';
import { REPOSITORY_ROOT, readTopicUntil, waitFor } from '@ledgerline/testing';
import { forecastingConfigSchema } from '../../../apps/reorder-forecasting/src/config/forecasting.config';
import { createReorderForecastingApp } from '../../../apps/reorder-forecasting/src/create-reorder-forecasting-app';
import { ChaosRun } from './chaos-run';
import { InProcessLedger } from './in-process-ledger';
import { storeTraffic, tillLine } from './movement-factory';

jest.setTimeout(240_000);

const run = promisify(execFile);
const FORECASTING = 'reorder_forecasting';
const POISON_UNITS = 4;
const BEHIND_UNITS = 1;
const ADMIN_API_KEY = 'forecasting-poison-admin-key-0123456789';

describe('chaos: a poison stock change on reorder-forecasting, fixed and replayed', () => {
  let scenario: ChaosRun;
  let ledger: InProcessLedger | undefined;
  let forecasting: NestExpressApplication | undefined;

  beforeAll(async () => {
    scenario = await ChaosRun.open({ label: 'forecasting-poison', partitions: 2 });
  });

  afterAll(async () => {
    await forecasting?.close().catch(() => undefined);
    await ledger?.stop().catch(() => undefined);
    await scenario?.close();
  });

  const forecastingEnvironment = () => ({
    ...scenario.ledgerEnvironment(),
    KAFKA_GROUP_ID: `${scenario.prefix}-forecasting`,
    STOCK_TOPIC_PARTITIONS: String(scenario.partitions),
    REFIT_INTERVAL_MS: '0',
    ADMIN_API_KEY,
  });

  async function deadLetters<T>(...args: string[]): Promise<T> {
    const { stdout } = await run('node', ['-r', './tools/ts-register.cjs', 'apps/reorder-forecasting/src/cli/dead-letters.ts', ...args], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, ...forecastingEnvironment() },
    });
    return JSON.parse(stdout) as T;
  }

  const processed = (ids: string[]) => scenario.scalar(`SELECT count(*) AS n FROM ${FORECASTING}.processed_movement WHERE movement_id = ANY($1::text[])`, [ids]).catch(() => -1);
  const soldUnits = (sku: string, locationId: string) =>
    scenario.scalar(`SELECT coalesce(sum(sold_units), 0) AS n FROM ${FORECASTING}.daily_demand WHERE sku = $1 AND location_id = $2`, [sku, locationId]);

  /** The whole archive by reason and status: the command's answers are checked on the one letter. */
  const archived = async () =>
    (await scenario.db.query(`SELECT reason_code, status, count(*)::int AS letters FROM ${FORECASTING}.dead_letter GROUP BY 1, 2 ORDER BY 1, 2`)).rows;

  async function waitUntilCounted(ids: string[]): Promise<void> {
    await waitFor(async () => ((await processed(ids)) === ids.length ? true : undefined), { timeoutMs: 60_000, description: `${ids.length} stock changes counted by reorder-forecasting` });
  }

  /** Until reorder-forecasting's group has committed every record of the replay topic: the second replay read too. */
  async function waitUntilReplaysRead(replayTopic: string): Promise<void> {
    const admin = createKafkaClient({ brokers: scenario.brokers, clientId: `${scenario.prefix}-replay-lag`, security: scenario.security }).admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(replayTopic), admin.fetchOffsets({ groupId: forecastingEnvironment().KAFKA_GROUP_ID, topics: [replayTopic] })]);
          const behind = ends.some(({ partition, high }) => committed?.partitions.find((entry) => entry.partition === partition)?.offset !== high);
          return behind ? undefined : true;
        },
        { timeoutMs: 60_000, description: 'reorder-forecasting through its replay topic' },
      );
    } finally {
      await admin.disconnect();
    }
  }

  it('sets the poison aside alone and, corrected and replayed twice, counts its demand once', async () => {
    const keys = ['TEA@S1', 'JAM@S1', 'OIL@S2'];
    const traffic = storeTraffic(scenario.prefix, keys, 30);
    const poison = { ...tillLine('sale', `${scenario.prefix}:pos:clock-ahead`, 'TEA@S1', POISON_UNITS, 45), occurredAt: new Date(Date.now() + 3 * 86_400_000).toISOString() };
    const producer = await scenario.connectProducer('pos');

    ledger = await InProcessLedger.start('forecasting-poison', scenario.ledgerEnvironment());
    forecasting = await createReorderForecastingApp(forecastingConfigSchema.parse(forecastingEnvironment()));
    await forecasting.listen(0, '127.0.0.1');
    expect(await scenario.publish(producer, traffic.slice(0, 50))).toBe(true);
    expect(await scenario.publish(producer, [poison])).toBe(true);
    expect(await scenario.publish(producer, traffic.slice(50))).toBe(true);
    await scenario.waitUntilSettled(60_000);
    const others = traffic.map((movement) => movement.movementId);
    await waitUntilCounted(others);

    const page = await waitFor(
      async () => {
        const listed = await deadLetters<DeadLetterPage>('list', '--code', 'FORECASTING.OCCURRED_AFTER_APPLIED');
        return listed.items.length > 0 ? listed : undefined;
      },
      { timeoutMs: 60_000, description: 'the poison archived by reorder-forecasting' },
    );
    // Alone: the one open letter of the one reason, and its demand not counted.
    expect(page.items).toHaveLength(1);
    expect(await archived()).toEqual([{ reason_code: 'FORECASTING.OCCURRED_AFTER_APPLIED', status: 'open', letters: 1 }]);
    expect(await processed([poison.movementId])).toBe(0);
    const soldBefore = await soldUnits('TEA', 'S1');
    const eventId = page.items[0]!.eventId;
    const letter = await deadLetters<DeadLetterDetail>('show', eventId);
    expect(letter).toMatchObject({ originalKey: 'TEA@S1', reasonCode: 'FORECASTING.OCCURRED_AFTER_APPLIED', service: 'reorder-forecasting', status: 'open' });

    // The fix: the sale happened at the time the till meant.
    const envelope = JSON.parse(letter.originalValue) as { payload: Record<string, unknown> };
    const corrected = join(mkdtempSync(join(tmpdir(), 'forecasting-poison-')), 'corrected.json');
    writeFileSync(corrected, JSON.stringify({ ...envelope, payload: { ...envelope.payload, occurredAt: tillLine('sale', 'x', 'TEA@S1', 1, 45).occurredAt } }));
    const replayTopic = scenario.topic(TOPICS.forecastingStockChangedReplay.name);
    const replayed = await deadLetters<ReplayOutcome>('replay', eventId, '--value-file', corrected, '--by', 'chaos-drill', '--note', 'till clock corrected');
    expect(replayed).toEqual({ eventId, topic: replayTopic, key: 'TEA@S1', edited: true });
    const { port } = forecasting.getHttpServer().address() as { port: number };
    const resent = await fetch(`http://127.0.0.1:${port}/v1/admin/dead-letters/${encodeURIComponent(eventId)}/replay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'chaos-drill', value: readFileSync(corrected, 'utf8'), force: true }),
    });
    expect(await resent.json()).toEqual({ eventId, topic: replayTopic, key: 'TEA@S1', edited: true });

    // A sale on the poison's key after both replays: had a replay gone to stock-changed, it would
    // stand before this sale's stock change on that key's partition.
    const behind = tillLine('sale', `${scenario.prefix}:pos:after-replay`, 'TEA@S1', BEHIND_UNITS, 90);
    expect(await scenario.publish(producer, [behind])).toBe(true);
    await scenario.waitUntilSettled(60_000);
    await waitUntilCounted([...others, poison.movementId, behind.movementId]);
    await waitUntilReplaysRead(replayTopic);

    const replays = await readTopicUntil(replayTopic, (read) => read.length >= 2, { brokers: scenario.brokers, security: scenario.security });
    const sent = { key: 'TEA@S1', value: readFileSync(corrected, 'utf8'), headers: { ...letter.originalHeaders, [REPLAY_HEADER]: eventId } };
    expect(replays.map(({ key, value, headers }) => ({ key, value, headers }))).toEqual([sent, sent]);
    const stockChanged = await readTopicUntil(scenario.topic(TOPICS.stockChanged.name), (read) => read.some((record) => record.value?.includes(behind.movementId)), { brokers: scenario.brokers, security: scenario.security });
    expect(stockChanged.filter((record) => record.headers[REPLAY_HEADER] !== undefined)).toEqual([]);

    const report = await scenario.check();
    const shown = await deadLetters<DeadLetterDetail>('show', eventId);
    const soldAfter = await soldUnits('TEA', 'S1');
    console.log(`[forecasting-poison] ledger: ${report.applied} applied, lost=${report.lost} doubled=${report.doubled}; TEA@S1 sold ${soldBefore} -> ${soldAfter}; letter ${shown.status} ${shown.replayCount} times`);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, lost: 0, doubled: 0 });
    expect(soldAfter).toBe(soldBefore + POISON_UNITS + BEHIND_UNITS);
    expect(shown).toMatchObject({ status: 'replayed', replayCount: 2, lastActionBy: 'chaos-drill' });
    expect(await archived()).toEqual([{ reason_code: 'FORECASTING.OCCURRED_AFTER_APPLIED', status: 'replayed', letters: 1 }]);
  });
});
