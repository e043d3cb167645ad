// The service end to end against the real broker and database, fed stock-changed events as the
// ledger publishes them: four weeks of sales (one stock-out day, one late till) become a forecast
// and a reorder point; sales today drive the position down to it and exactly one 'open'
// suggestion is published however many sales follow; an order clears it with one 'cleared'.
// Redelivered events and a replay of the whole topic by a new consumer group add nothing.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { TOPICS, type ReorderSuggestionV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, readTopicUntil, uniqueTestId, waitFor, type ReadMessage, type TestDatabase } from '@ledgerline/testing';
import type { ForecastingConfig } from '../src/config/forecasting.config';
import { createReorderForecastingApp } from '../src/create-reorder-forecasting-app';
import { LedgerSimulation, type PublishedRecord } from './ledger-simulation';
import { authorise, credentialHeaders, sendJson, testServiceConfig } from './support/test-service';

jest.setTimeout(90_000);

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 28;

describe('reorder-forecasting (real Kafka and PostgreSQL)', () => {
  const prefix = uniqueTestId('forecasting');
  const topic = (name: string) => prefixedTopic(prefix, name);
  const suggestionsTopic = topic(TOPICS.reorderSuggestions.name);
  let database: TestDatabase;
  let producer: EventProducer;
  let config: ForecastingConfig;

  beforeAll(async () => {
    database = await createTestDatabase('reorder-forecasting');
    config = testServiceConfig(database, prefix, {
      STOCK_TOPIC_PARTITIONS: '2',
      SUGGESTION_TOPIC_PARTITIONS: '1',
      OUTBOX_IDLE_POLL_MS: '50',
      REFIT_INTERVAL_MS: '0',
      FORECAST_HORIZON_DAYS: '14',
      HOLDOUT_DAYS: '7',
      DEFAULT_LEAD_TIME_DAYS: '3',
      DEFAULT_LEAD_TIME_STD_DEV_DAYS: '0.5',
      DEFAULT_PACK_SIZE: '6',
    });
    producer = new EventProducer(createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `${prefix}-ledger` }));
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await database.drop();
  });

  async function startService(overrides: Partial<ForecastingConfig> = {}): Promise<{ app: NestExpressApplication; url: string }> {
    const app = await createReorderForecastingApp({ ...config, ...overrides });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const url = `http://127.0.0.1:${address.port}`;
    await authorise(url);
    return { app, url };
  }

  const publish = (records: PublishedRecord[]) => producer.send(records);

  it('publishes one suggestion per need, clears it on an order, and ignores redelivery and replay', async () => {
    const ledger = new LedgerSimulation('COFFEE-1KG', 'S1', topic);
    const today = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
    const at = (daysAgo: number, hour: number) => new Date(today.getTime() - daysAgo * DAY_MS + hour * 3_600_000);

    // Four weeks of history, ten or so units a day; stock is replenished each morning it runs low.
    const dailySales = (daysAgo: number) => [2, 3, 1, 2, 2, daysAgo % 7 === 0 ? 3 : 0].filter((units) => units > 0);
    let expectedDemand = 0;
    ledger.receipt(200, at(HISTORY_DAYS, 7));
    for (let daysAgo = HISTORY_DAYS; daysAgo >= 1; daysAgo--) {
      if (daysAgo === 11) ledger.orderPlaced(200, at(daysAgo, 8));
      if (daysAgo === 9) ledger.receipt(200, at(daysAgo, 7), 200);
      else if (ledger.onHand < 100 && daysAgo !== 10) ledger.receipt(100, at(daysAgo, 7));
      if (daysAgo === 10) {
        // Shrinkage found in the morning leaves 4 units; they sell and the shelf stays empty all day.
        ledger.adjustment(4 - ledger.onHand, at(daysAgo, 8));
        ledger.sale(4, at(daysAgo, 10));
        expectedDemand += 4;
        continue;
      }
      dailySales(daysAgo).forEach((units, index) => {
        ledger.sale(units, at(daysAgo, 9 + index));
        expectedDemand += units;
      });
    }
    ledger.sale(2, at(3, 20)); // a till that was offline sends a sale from three days ago
    expectedDemand += 2;
    ledger.purchaseOrderMovement('order-placed', 'PO-1', 200, at(11, 8));
    ledger.purchaseOrderMovement('receipt', 'PO-1', 200, at(9, 8));

    const { app, url } = await startService();
    try {
      await publish([...ledger.stockChanged, ...ledger.movements]);

      // Refit until the whole history and the delivered order are in.
      const policy = await waitFor(
        async () => {
          await postJson(`${url}/v1/forecasts/refit`, { sku: 'COFFEE-1KG', locationId: 'S1' });
          const body = await getJson<PolicyBody>(`${url}/v1/policies/COFFEE-1KG/S1`);
          return body.current?.leadTime.observations === 1 && body.stock?.balanceVersion === ledger.stockChanged.length ? body : undefined;
        },
        { timeoutMs: 30_000, description: 'the history and the purchase order to be consumed' },
      );
      const forecast = await getJson<ForecastBody>(`${url}/v1/forecasts/COFFEE-1KG/S1?days=7`);
      expect(forecast.history).toMatchObject({ days: HISTORY_DAYS, totalDemand: expectedDemand });
      expect(forecast.history.censoredDays).toBeGreaterThanOrEqual(1);
      expect(forecast.days).toHaveLength(7);
      for (const day of forecast.days) {
        expect(day.lower80).toBeLessThanOrEqual(day.mean);
        expect(day.upper80).toBeGreaterThanOrEqual(day.mean);
      }
      expect(forecast.accuracy).toMatchObject({ holdoutDays: 7 });
      expect(forecast.accuracy!.mase).toBeGreaterThan(0);
      expect(Number.isFinite(forecast.accuracy!.bias)).toBe(true);

      // Prior of 3 days counted as 3 observations, one delivery after 2 days: 2.75 days.
      const current = policy.current!;
      expect(current.leadTime.meanDays).toBeCloseTo(2.75, 5);
      expect(current.forecastDailyDemand).toBeGreaterThan(8);
      expect(current.forecastDailyDemand).toBeLessThan(13);
      expect(current.reorderPoint).toBeGreaterThanOrEqual(Math.floor(current.forecastDailyDemand * 2.75) + current.safetyStock - 1);
      expect(current.safetyStock).toBeGreaterThan(0);
      expect(current.orderQuantity! % 6).toBe(0);
      const reorderPoint = current.reorderPoint;

      // Sales today bring the position down to the reorder point: one 'open' suggestion.
      const salesToReorderPoint: PublishedRecord[] = [];
      while (ledger.onHand + ledger.onOrder > reorderPoint - 3) salesToReorderPoint.push(ledger.sale(5, new Date(Date.now() - 60_000)));
      await publish(salesToReorderPoint);
      const opened = await readTopicUntil(suggestionsTopic, (messages) => messages.length >= 1);
      const open = payloads(opened)[0]!;
      expect(open).toMatchObject({ sku: 'COFFEE-1KG', locationId: 'S1', status: 'open', reorderPoint });
      // The batch that crossed the reorder point may or may not have held every one of these sales.
      expect(open.stockPosition).toBeLessThanOrEqual(reorderPoint);
      expect(open.stockPosition).toBeGreaterThanOrEqual(ledger.onHand);
      expect(open.orderQuantity % 6).toBe(0);
      const openList = await getJson<Array<{ suggestionId: string; state: string }>>(`${url}/v1/suggestions?status=open`);
      expect(openList.map((suggestion) => [suggestion.suggestionId, suggestion.state])).toEqual([[open.suggestionId, 'open']]);

      // More sales while it is open change nothing; then purchasing places the order and it clears.
      await publish([ledger.sale(5, new Date()), ledger.sale(3, new Date()), ledger.sale(4, new Date())]);
      await publish([ledger.orderPlaced(open.orderQuantity, new Date())]);
      const cleared = await readTopicUntil(suggestionsTopic, (messages) => payloads(messages).some((payload) => payload.status === 'cleared'));
      expect(payloads(cleared).map((payload) => [payload.suggestionId, payload.status])).toEqual([
        [open.suggestionId, 'open'],
        [open.suggestionId, 'cleared'],
      ]);
      expect(payloads(cleared)[1]!.reason).toMatch(/^An order was placed/);
      expect(await getJson<unknown[]>(`${url}/v1/suggestions?status=open`)).toEqual([]);

      // The same events delivered again change nothing.
      await publish(ledger.stockChanged);
      await waitForGroupToCatchUp(`${prefix}-forecasting`, topic(TOPICS.stockChanged.name));
      await app.close();

      // A new consumer group replays the whole topic from offset zero: still nothing new.
      const replay = await startService({ KAFKA_GROUP_ID: `${prefix}-replay` });
      try {
        await waitForGroupToCatchUp(`${prefix}-replay`, topic(TOPICS.stockChanged.name));
        const dataSource = replay.app.get(DataSource);
        const [counts] = await dataSource.query(
          `SELECT (SELECT count(*)::int FROM reorder_forecasting.processed_movement) AS processed,
                  (SELECT sum(demand_units)::int FROM reorder_forecasting.daily_demand) AS demand,
                  (SELECT count(*)::int FROM reorder_forecasting.reorder_suggestion) AS suggestions,
                  (SELECT count(*)::int FROM reorder_forecasting.outbox WHERE published_at IS NULL) AS unsent`,
        );
        expect(counts).toEqual({ processed: ledger.stockChanged.length, demand: expectedDemand + salesToReorderPoint.length * 5 + 12, suggestions: 1, unsent: 0 });
        expect(await endOffsetTotal(suggestionsTopic)).toBe(2);

        // A policy set through the API drives the numbers: packs of 12.
        const updated = await putJson<PolicyBody>(`${replay.url}/v1/policies/COFFEE-1KG/S1`, { packSize: 12, serviceLevel: 0.98 });
        expect(updated.policy).toMatchObject({ packSize: 12, serviceLevel: 0.98, leadTimeDays: 3 });
        expect(updated.current!.orderQuantity! % 12).toBe(0);
        expect(updated.current!.safetyStock).toBeGreaterThan(current.safetyStock);
        expect((await fetch(`${replay.url}/health/ready`)).status).toBe(200);
        expect(await (await fetch(`${replay.url}/metrics`)).text()).toContain('ledgerline_forecast_refits_total');
        const invalid = await fetch(`${replay.url}/v1/policies/COFFEE-1KG/S1`, { method: 'PUT', headers: { ...credentialHeaders(replay.url), 'content-type': 'application/json' }, body: JSON.stringify({ packSize: 0 }) });
        expect(invalid.status).toBe(400);
        expect(await invalid.json()).toMatchObject({ code: 'FORECASTING.INVALID_REQUEST' });
        expect((await fetch(`${replay.url}/v1/forecasts/UNKNOWN/S1`, { headers: credentialHeaders(replay.url) })).status).toBe(404);
      } finally {
        await replay.app.close();
      }
    } finally {
      await app.close().catch(() => undefined);
    }
  });

  async function waitForGroupToCatchUp(groupId: string, topicName: string): Promise<void> {
    const admin = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `${prefix}-admin` }).admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const ends = await admin.fetchTopicOffsets(topicName);
          const [committed] = await admin.fetchOffsets({ groupId, topics: [topicName] });
          const committedOf = (partition: number) => Number(committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? -1);
          // An empty partition has nothing to commit: its committed offset stays -1.
          return ends.every(({ partition, high }) => Math.max(committedOf(partition), 0) === Number(high));
        },
        { timeoutMs: 30_000, description: `${groupId} to commit every record of ${topicName}` },
      );
    } finally {
      await admin.disconnect();
    }
  }

  async function endOffsetTotal(topicName: string): Promise<number> {
    const admin = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `${prefix}-admin` }).admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(topicName)).reduce((sum, { high }) => sum + Number(high), 0);
    } finally {
      await admin.disconnect();
    }
  }
});

interface PolicyBody {
  policy: { packSize: number; serviceLevel: number; leadTimeDays: number };
  current: {
    reorderPoint: number;
    safetyStock: number;
    orderQuantity: number | null;
    forecastDailyDemand: number;
    leadTime: { meanDays: number; observations: number };
  } | null;
  stock: { balanceVersion: number } | null;
}

interface ForecastBody {
  history: { days: number; censoredDays: number; totalDemand: number };
  days: Array<{ day: string; mean: number; lower80: number; upper80: number }>;
  accuracy: { holdoutDays: number; mase: number; bias: number } | null;
}

function payloads(messages: ReadMessage[]): ReorderSuggestionV1[] {
  return messages.map((message) => TOPICS.reorderSuggestions.valueSchema.parse(JSON.parse(message.value!)).payload);
}

function getJson<T>(url: string): Promise<T> {
  return sendJson<T>('GET', url);
}

function postJson<T>(url: string, body: unknown): Promise<T> {
  return sendJson<T>('POST', url, body);
}

function putJson<T>(url: string, body: unknown): Promise<T> {
  return sendJson<T>('PUT', url, body);
}
