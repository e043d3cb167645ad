// Starts the dashboard in-process against topics unique to one test file, with a publisher for
// the events the platform's services would write, and a stand-in for the ledger's HTTP side
// (readiness, the drift audit's report and the open dead letters on its metrics page) so the health and drift panels have a service that answers. The other
// services point at a closed port, as when they are not running. The dashboard keeps its own schema
// (credentials, acknowledgements) in a database of the test file's own, where another instance finds them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { z } from 'zod';
import { TOPICS, createEnvelope, type TopicDefinition } from '@ledgerline/contracts';
import { EventProducer, OPEN_DEAD_LETTERS_METRIC, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, createTestTopics, deleteTestTopics, issueCredential, testKafkaBrokers, uniqueTestId } from '@ledgerline/testing';
import { dashboardConfigSchema } from '../../src/config/dashboard.config';
import { createOpsDashboardApp } from '../../src/create-ops-dashboard-app';


export const DASHBOARD_ADMIN_API_KEY = 'dashboard-fixture-admin-key-0123456789';
const LEDGER_CREDENTIAL = 'sk_0123456789abcdef_dashboard-test-credential-0000000000000000';
export const FIXTURE_TOPICS = [
  { definition: TOPICS.stockLevels, compacted: true },
  { definition: TOPICS.catalogItems, compacted: true },
  { definition: TOPICS.reorderSuggestions, compacted: true },
  { definition: TOPICS.alerts, compacted: false },
  { definition: TOPICS.posTransactionsDeadLetter, compacted: false },
  { definition: TOPICS.inventoryMovements, compacted: false },
] as const;

export interface DashboardFixture {
  readonly prefix: string;
  readonly url: string;
  topic(name: string): string;
  publish<T extends TopicDefinition>(definition: T, payloads: ReadonlyArray<z.output<T['payloadSchema']>>, eventId?: (index: number) => string): Promise<void>;
  /** The mismatches the ledger stand-in's drift audit reports (none: consistent). */
  setDrift(mismatches: Array<{ sku: string; locationId: string; field: string; stored: string; fromMovements: string }>): void;
  /** The open dead letters by reason code the ledger stand-in's /metrics reports. */
  setOpenDeadLetters(counts: Record<string, number>): void;
  /** Requests the ledger stand-in answered so far (readiness, metrics and drift). */
  ledgerRequests(): number;
  /** A credential of the dashboard's own API holding these scopes. */
  issueCredential(scopes: readonly string[]): Promise<string>;
  /** A credential with dashboard:view only (the viewer role), issued at start. */
  readonly viewer: string;
  /** Headers carrying the viewer credential. */
  readonly viewerHeaders: Record<string, string>;
  /** Starts another dashboard on the same database, as a redeploy would; answers its URL. */
  startAnother(): Promise<string>;
  close(): Promise<void>;
}

export async function startDashboardFixture(label: string): Promise<DashboardFixture> {
  const prefix = uniqueTestId(label);
  const database = await createTestDatabase(label);
  const topic = (name: string) => prefixedTopic(prefix, name);
  await createTestTopics(FIXTURE_TOPICS.map(({ definition, compacted }) => ({ topic: topic(definition.name), partitions: 2, compacted })));

  let mismatches: unknown[] = [];
  const driftReport = () => ({
    status: mismatches.length === 0 ? 'consistent' : 'mismatch',
    mismatchesOpen: mismatches.length,
    mismatches,
    locationTotals: { mismatchesOpen: 0, mismatches: [] },
    currentPass: { passNumber: 4, progress: 0.4, phase: 'balances', keysChecked: 40, keysEstimate: 100 },
    lastCompletedPass: { passNumber: 3, finishedAt: '2026-03-02T09:00:00.000Z', durationSeconds: 12.5, keysChecked: 100 },
    auditor: { enabled: true, auditingHere: true, lastError: null },
  });
  let openDeadLetters: Record<string, number> = {};
  let ledgerRequests = 0;
  const ledger: Server = createServer((request, response) => {
    ledgerRequests += 1;
    if (request.url === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(Object.entries(openDeadLetters).map(([reasonCode, count]) => `${OPEN_DEAD_LETTERS_METRIC}{reason_code="${reasonCode}",service="inventory-ledger"} ${count}\n`).join(''));
      return;
    }
    // Like the real ledger, the drift report is answered only to the credential configured for it.
    if (request.url === '/v1/drift' && request.headers.authorization !== `Bearer ${LEDGER_CREDENTIAL}`) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 401, code: 'AUTH.MISSING_CREDENTIAL' }));
      return;
    }
    // A location's first balance, for the alert filter's check of the location: S1 to S3 hold stock.
    const locationStock = /^\/v1\/locations\/([^/]+)\/stock\?limit=1$/.exec(request.url ?? '');
    if (locationStock) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(['S1', 'S2', 'S3'].includes(decodeURIComponent(locationStock[1] ?? '')) ? [{ sku: 'TEA', locationId: locationStock[1] }] : []));
      return;
    }
    const body = request.url === '/health/ready' ? { status: 'ready', checks: {} } : request.url === '/v1/drift' ? driftReport() : undefined;
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? { code: 'NOT_FOUND' }));
  });
  await new Promise<void>((resolve) => ledger.listen(0, '127.0.0.1', resolve));
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));

  const config = dashboardConfigSchema.parse({
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    ...database.serviceEnv('ops_dashboard'),
    ADMIN_API_KEY: DASHBOARD_ADMIN_API_KEY,
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    REFRESH_INTERVAL_MS: '300',
    IDLE_REFRESH_INTERVAL_MS: '1000',
    SERVICE_TIMEOUT_MS: '1000',
    POS_INGESTION_URL: `http://127.0.0.1:${closedPort}`,
    REORDER_FORECASTING_URL: `http://127.0.0.1:${closedPort}`,
    INVENTORY_LEDGER_URL: `http://127.0.0.1:${(ledger.address() as AddressInfo).port}`,
    INVENTORY_LEDGER_CREDENTIAL: LEDGER_CREDENTIAL,
  });
  const apps: NestExpressApplication[] = [];
  const start = async (): Promise<string> => {
    const app = await createOpsDashboardApp(config);
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  };
  const url = await start();

  const producer = new EventProducer(createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `${prefix}-services` }));
  await producer.connect();
  const viewer = await issueCredential(url, DASHBOARD_ADMIN_API_KEY, ['dashboard:view'], 'viewer');

  return {
    prefix,
    url,
    viewer,
    viewerHeaders: { authorization: `Bearer ${viewer}` },
    topic,
    async publish(definition, payloads, eventId) {
      await producer.send(
        payloads.map((payload, index) => ({
          topic: topic(definition.name),
          key: definition.keyOf(payload),
          value: createEnvelope(definition, payload, { producer: definition.producers[0] ?? 'erp', occurredAt: new Date().toISOString(), eventId: eventId?.(index) }),
        })),
      );
    },
    setDrift(found) {
      mismatches = found;
    },
    setOpenDeadLetters(counts) {
      openDeadLetters = counts;
    },
    ledgerRequests: () => ledgerRequests,
    issueCredential: (scopes) => issueCredential(url, DASHBOARD_ADMIN_API_KEY, [...scopes], 'operator'),
    startAnother: start,
    async close() {
      await producer.disconnect();
      for (const app of apps) await app.close();
      await database.drop();
      await new Promise((resolve) => ledger.close(resolve));
      await deleteTestTopics(FIXTURE_TOPICS.map(({ definition }) => topic(definition.name)));
    },
  };
}
