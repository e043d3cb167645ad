// Starts pos-ingestion against the real broker and a fresh database for one test file, with
// helpers to act as an operator (stores, keys), as a till (HTTP posts) and as a downstream
// consumer (reading the movements topic), a stand-in for the ledger's stock-changed events, and an
// ERP publishing the catalog the store-operations door checks against.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { TOPICS, createEnvelope, decodeEvent, derivedEventId, stockKey, type CatalogItemV1, type CatalogLocationV1, type InventoryMovementV1, type PosReturnV1, type PosSaleV1, type PosVoidV1, type StockChangedV1 } from '@ledgerline/contracts';
import { prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, readTopicUntil, testKafkaBrokers, uniqueTestId, waitFor, type ReadMessage, type TestDatabase } from '@ledgerline/testing';
import { posIngestionConfigSchema, type PosIngestionConfig } from '../src/config/pos-ingestion.config';
import { createPosIngestionApp } from '../src/create-pos-ingestion-app';
import { IntakeRuntime } from '../src/intake/intake-runtime';

export const ADMIN_API_KEY = 'test-admin-key-0123456789abcdef';

export interface RunningService {
  app: NestExpressApplication;
  url: string;
  runtime: IntakeRuntime;
  dataSource: DataSource;
}

export interface PostedAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export class PosIngestionHarness {
  readonly prefix: string;
  config!: PosIngestionConfig;
  private database!: TestDatabase;

  constructor(label: string) {
    this.prefix = uniqueTestId(label);
  }

  async setUp(overrides: Record<string, string> = {}): Promise<void> {
    this.database = await createTestDatabase(this.prefix);
    this.config = posIngestionConfigSchema.parse({
      ADMIN_API_KEY,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      ...this.database.serviceEnv('pos_ingestion'),
      KAFKA_TOPIC_PREFIX: this.prefix,
      KAFKA_GROUP_ID: `${this.prefix}-intake`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      TOPIC_PARTITIONS: '3',
      DATABASE_POOL_SIZE: '8',
      ...overrides,
    });
  }

  async tearDown(): Promise<void> {
    await this.database?.drop();
  }

  async start(overrides: Partial<PosIngestionConfig> = {}): Promise<RunningService> {
    const app = await createPosIngestionApp({ ...this.config, ...overrides });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    return { app, url: `http://127.0.0.1:${port}`, runtime: app.get(IntakeRuntime), dataSource: app.get(DataSource) };
  }

  topic(name: string): string {
    return prefixedTopic(this.prefix, name);
  }

  /** Publishes stock-changed events as the ledger writes them (key, envelope, derived event id); disconnect when done. */
  async ledgerStandIn(): Promise<LedgerStandIn> {
    const producer = new Kafka({ clientId: `${this.prefix}-ledger`, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    return new LedgerStandIn(producer, this.topic(TOPICS.stockChanged.name));
  }

  /** Publishes items and locations as an ERP does (sendCatalog), then waits until the service's copy holds them. */
  async publishCatalog(service: RunningService, catalog: CatalogToPublish): Promise<void> {
    await this.untilCatalogHeld(service, await this.sendCatalog(catalog));
  }

  /** Items and locations on the catalog topics, keyed by SKU and location, as an ERP publishes them; the versions sent. */
  async sendCatalog(catalog: CatalogToPublish): Promise<Required<CatalogToPublish>> {
    const sent = { skus: catalog.skus ?? [], locations: catalog.locations ?? [], active: catalog.active ?? true, updatedAt: catalog.updatedAt ?? new Date().toISOString() };
    const { active, updatedAt } = sent;
    const items: CatalogItemV1[] = sent.skus.map((sku) => ({ sku, description: `Item ${sku}`, unit: 'each', packSize: 1, lowStockThreshold: 0, active, updatedAt }));
    const locations: CatalogLocationV1[] = sent.locations.map((locationId) => ({
      locationId, name: `Location ${locationId}`, kind: locationId.startsWith('W') ? 'warehouse' : 'store', active, updatedAt,
    }));
    const producer = new Kafka({ clientId: `${this.prefix}-erp`, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    try {
      await producer.sendBatch({
        topicMessages: [
          { topic: this.topic(TOPICS.catalogItems.name), messages: items.map((item) => ({ key: item.sku, value: JSON.stringify(createEnvelope(TOPICS.catalogItems, item, { producer: 'erp', occurredAt: updatedAt })) })) },
          { topic: this.topic(TOPICS.catalogLocations.name), messages: locations.map((location) => ({ key: location.locationId, value: JSON.stringify(createEnvelope(TOPICS.catalogLocations, location, { producer: 'erp', occurredAt: updatedAt })) })) },
        ].filter((entry) => entry.messages.length > 0),
      });
    } finally {
      await producer.disconnect();
    }
    return sent;
  }

  /** Until the service's catalog copy holds each item and location sent, in the version sent. */
  async untilCatalogHeld(service: RunningService, sent: Required<CatalogToPublish>): Promise<void> {
    const schema = this.config.DATABASE_SCHEMA;
    const held = async (table: string, column: string, keys: string[]) => {
      if (keys.length === 0) return true;
      const rows: unknown[] = await service.dataSource.query(
        `SELECT 1 FROM "${schema}".${table} WHERE ${column} = ANY($1::text[]) AND source_updated_at = $2::timestamptz AND active = $3`,
        [keys, sent.updatedAt, sent.active],
      );
      return rows.length === keys.length;
    };
    await waitFor(async () => (await held('catalog_item', 'sku', sent.skus)) && (await held('catalog_location', 'location_id', sent.locations)), {
      timeoutMs: 30_000,
      description: 'the catalog copy holds the published catalog',
    });
  }

  /** Registers the store and issues a key for it (optionally bound to a terminal). */
  async credentialFor(url: string, storeId: string, terminalId?: string): Promise<{ keyId: string; apiKey: string }> {
    await post(url, '/v1/admin/stores', { storeId }, ADMIN_API_KEY);
    const issued = await post(url, '/v1/admin/api-keys', { storeId, ...(terminalId ? { terminalId } : {}) }, ADMIN_API_KEY);
    if (issued.status !== 201) throw new Error(`could not issue a key: ${issued.status} ${JSON.stringify(issued.body)}`);
    return { keyId: String(issued.body['keyId']), apiKey: String(issued.body['apiKey']) };
  }

  /** Movements on the topic until every id in `expected` was seen; returns all of them, in topic order per partition. */
  async movementsUntil(expected: readonly string[], timeoutMs = 20_000): Promise<Array<ReadMessage & { movement: InventoryMovementV1; eventId: string }>> {
    const wanted = new Set(expected);
    const messages = await readTopicUntil(
      this.topic(TOPICS.inventoryMovements.name),
      (seen) => {
        const ids = new Set(seen.map((message) => movementIdOf(message)));
        return [...wanted].every((id) => ids.has(id));
      },
      { timeoutMs },
    );
    return messages.map((message) => {
      const decoded = decodeEvent(TOPICS.inventoryMovements, message.value);
      if (!decoded.ok) throw new Error(`a movement on the topic breaks its contract: ${decoded.reason} ${JSON.stringify(decoded.errors)}`);
      return { ...message, movement: decoded.value.payload, eventId: decoded.value.eventId };
    });
  }
}

export interface CatalogToPublish {
  skus?: string[];
  locations?: string[];
  /** Default true. */
  active?: boolean;
  /** The version; default now. */
  updatedAt?: string;
}

export class LedgerStandIn {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  async publish(events: readonly StockChangedV1[]): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      messages: events.map((event) => ({
        key: stockKey(event.sku, event.locationId),
        value: JSON.stringify(createEnvelope(TOPICS.stockChanged, event, { producer: 'inventory-ledger', occurredAt: event.occurredAt, eventId: derivedEventId('stock-changed', event.movementId) })),
      })),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

function movementIdOf(message: ReadMessage): string {
  return (JSON.parse(message.value ?? '{}') as { payload?: { movementId?: string } }).payload?.movementId ?? '';
}

export async function post(url: string, path: string, body: unknown, apiKey?: string, extraHeaders: Record<string, string> = {}): Promise<PostedAnswer> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...extraHeaders },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: response.headers };
}

export async function get(url: string, path: string, apiKey?: string): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(`${url}${path}`, { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {} });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Prometheus text and HTML stay text.
  }
  return { status: response.status, body, text };
}

/** A sale (or return) at `storeId`, timed a minute ago so the event-time rules pass. */
export function sale(storeId: string, transactionId: string, lines: Array<{ sku: string; quantity: number }> = [{ sku: 'COFFEE-1KG', quantity: 2 }], type: 'sale' | 'return' = 'sale'): PosSaleV1 | PosReturnV1 {
  return {
    transactionId,
    storeId,
    terminalId: 'T01',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    type,
    currency: 'EUR',
    lines: lines.map((line, index) => ({ lineNumber: index + 1, sku: line.sku, quantity: line.quantity, unitPrice: '2.5000' })),
  };
}

export function voidOf(storeId: string, transactionId: string, voidsTransactionId: string): PosVoidV1 {
  return {
    transactionId,
    storeId,
    terminalId: 'T01',
    occurredAt: new Date(Date.now() - 30_000).toISOString(),
    type: 'void',
    currency: 'EUR',
    voidsTransactionId,
  };
}

/** How often each value occurs. */
export function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
