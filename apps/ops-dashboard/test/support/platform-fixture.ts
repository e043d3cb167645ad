// The real inventory-ledger and reorder-forecasting (and, when asked, pos-ingestion), each as its
// own process on a fresh database and topic prefix, with the dashboard in-process following them:
// for the pages that read the services (search, item, location) and act on their dead letters
// (with admin credentials of theirs). Movements and catalog items are published as the ERP and
// tills would; the services apply them through their own write paths. pos-ingestion follows the
// ledger's stock changes into its cycle-counting signals, and the dashboard reads it with the
// credential it is given in production (rejections:read and counts:read).
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOPICS, createEnvelope, type CatalogItemV1, type InventoryMovementV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestDatabase, issueCredential, startServiceProcess, testKafkaBrokers, uniqueTestId, type ServiceProcess, type TestDatabase } from '@ledgerline/testing';
import { dashboardConfigSchema } from '../../src/config/dashboard.config';
import { createOpsDashboardApp } from '../../src/create-ops-dashboard-app';

export interface PlatformFixture {
  readonly prefix: string;
  readonly url: string;
  readonly ledgerUrl: string;
  readonly forecastingUrl: string;
  /** Undefined unless the fixture was started with pos-ingestion. */
  readonly posIngestionUrl: string | undefined;
  /** The test database's owner URL, for checks the services do not answer. */
  readonly databaseUrl: string;
  /** Headers carrying a test credential for a request to one of the services, or a viewer's for the dashboard's own URL. */
  headersFor(url: string): Record<string, string>;
  /** A credential of the dashboard's own API holding these scopes. */
  issueDashboardCredential(scopes: readonly string[]): Promise<string>;
  /** A credential of the dashboard with dashboard:view only (the viewer role). */
  readonly dashboardViewer: string;
  /** The services' configured admin key (their admin API, dead letters included). */
  readonly servicesAdminApiKey: string;
  publishCatalog(items: readonly CatalogItemV1[]): Promise<void>;
  publishMovements(movements: readonly InventoryMovementV1[]): Promise<void>;
  close(): Promise<void>;
}

const SERVICES_ADMIN_API_KEY = 'platform-fixture-admin-key-0123456789';
const DASHBOARD_ADMIN_API_KEY = 'platform-fixture-dashboard-admin-key-0123';

export interface PlatformOptions {
  /** Start pos-ingestion too (its counting program's daily budget given), and point the dashboard at it. */
  readonly posIngestion?: { readonly countDailyBudget: number };
}

export async function startPlatformFixture(label: string, options: PlatformOptions = {}): Promise<PlatformFixture> {
  const prefix = uniqueTestId(label);
  const database: TestDatabase = await createTestDatabase(label);
  const common = { KAFKA_BROKERS: testKafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn' };
  const withAdmin = { ...common, ADMIN_API_KEY: SERVICES_ADMIN_API_KEY };
  const services: ServiceProcess[] = [];
  let app: NestExpressApplication | undefined;
  const producer = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${prefix}-erp` }));
  const close = async () => {
    await producer.disconnect().catch(() => undefined);
    await app?.close();
    await Promise.all(services.map((service) => service.stop()));
    await database.drop();
  };
  try {
    const ledger = await startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: { ...withAdmin, ...database.serviceEnv('inventory_ledger'), MOVEMENTS_PARTITIONS: '1' } });
    services.push(ledger);
    const forecasting = await startServiceProcess({ name: 'reorder-forecasting', entry: 'apps/reorder-forecasting/src/main.ts', env: { ...withAdmin, ...database.serviceEnv('reorder_forecasting'), STOCK_TOPIC_PARTITIONS: '1', SUGGESTION_TOPIC_PARTITIONS: '1' } });
    services.push(forecasting);
    const ingestion = options.posIngestion
      ? await startServiceProcess({
          name: 'pos-ingestion',
          entry: 'apps/pos-ingestion/src/main.ts',
          env: { ...withAdmin, ...database.serviceEnv('pos_ingestion'), KAFKA_GROUP_ID: `${prefix}-pos`, TOPIC_PARTITIONS: '1', COUNT_DAILY_BUDGET: String(options.posIngestion.countDailyBudget) },
        })
      : undefined;
    if (ingestion) services.push(ingestion);
    const config = dashboardConfigSchema.parse({
      ...common,
      ...database.serviceEnv('ops_dashboard'),
      HTTP_PORT: '0',
      REFRESH_INTERVAL_MS: '300',
      IDLE_REFRESH_INTERVAL_MS: '1000',
      SERVICE_TIMEOUT_MS: '5000',
      POS_INGESTION_URL: ingestion?.url ?? 'http://127.0.0.1:9',
      ...(ingestion ? { POS_INGESTION_CREDENTIAL: await issueCredential(ingestion.url, SERVICES_ADMIN_API_KEY, ['rejections:read', 'counts:read'], 'ops dashboard') } : {}),
      INVENTORY_LEDGER_URL: ledger.url,
      REORDER_FORECASTING_URL: forecasting.url,
      INVENTORY_LEDGER_CREDENTIAL: await issueCredential(ledger.url, SERVICES_ADMIN_API_KEY, ['stock:read'], 'ops dashboard'),
      REORDER_FORECASTING_CREDENTIAL: await issueCredential(forecasting.url, SERVICES_ADMIN_API_KEY, ['forecast:read'], 'ops dashboard'),
      INVENTORY_LEDGER_ADMIN_CREDENTIAL: await issueCredential(ledger.url, SERVICES_ADMIN_API_KEY, ['admin'], 'ops dashboard dead letters'),
      REORDER_FORECASTING_ADMIN_CREDENTIAL: await issueCredential(forecasting.url, SERVICES_ADMIN_API_KEY, ['admin'], 'ops dashboard dead letters'),
      ADMIN_API_KEY: DASHBOARD_ADMIN_API_KEY,
    });
    const ledgerReader = await issueCredential(ledger.url, SERVICES_ADMIN_API_KEY, ['stock:read'], 'test reader');
    const forecastingPlanner = await issueCredential(forecasting.url, SERVICES_ADMIN_API_KEY, ['forecast:read', 'forecast:refit'], 'test planner');
    // What the dashboard may read of pos-ingestion, and no more.
    const countsReader = ingestion ? await issueCredential(ingestion.url, SERVICES_ADMIN_API_KEY, ['counts:read'], 'test counts reader') : undefined;
    app = await createOpsDashboardApp(config);
    await app.listen(0, '127.0.0.1');
    const dashboardUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const dashboardViewer = await issueCredential(dashboardUrl, DASHBOARD_ADMIN_API_KEY, ['dashboard:view'], 'viewer');
    const headersFor = (url: string): Record<string, string> => {
      if (url.startsWith(ledger.url)) return { authorization: `Bearer ${ledgerReader}` };
      if (url.startsWith(forecasting.url)) return { authorization: `Bearer ${forecastingPlanner}` };
      if (ingestion && url.startsWith(ingestion.url)) return { authorization: `Bearer ${countsReader}` };
      return { authorization: `Bearer ${dashboardViewer}` };
    };
    await producer.connect();
    const send = async <T extends { sku: string }>(definition: typeof TOPICS.catalogItems | typeof TOPICS.inventoryMovements, payloads: readonly T[], key: (payload: T) => string, occurredAt: (payload: T) => string) => {
      await producer.send(
        payloads.map((payload) => ({
          topic: prefixedTopic(prefix, definition.name),
          key: key(payload),
          value: createEnvelope(definition, payload as never, { producer: 'erp', occurredAt: occurredAt(payload) }),
        })),
      );
    };
    const url = dashboardUrl;
    return {
      prefix,
      url,
      dashboardViewer,
      servicesAdminApiKey: SERVICES_ADMIN_API_KEY,
      issueDashboardCredential: (scopes) => issueCredential(url, DASHBOARD_ADMIN_API_KEY, [...scopes], 'operator'),
      ledgerUrl: ledger.url,
      forecastingUrl: forecasting.url,
      posIngestionUrl: ingestion?.url,
      databaseUrl: database.url,
      headersFor,
      publishCatalog: (items) => send(TOPICS.catalogItems, items, (item) => item.sku, () => new Date().toISOString()),
      publishMovements: (movements) => send(TOPICS.inventoryMovements, movements, (movement) => `${movement.sku}@${movement.locationId}`, (movement) => movement.occurredAt),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
