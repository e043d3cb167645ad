// How the bench starts the services it measures: as child processes, configured through the
// environment like a deployment, with the sizes of the run. BENCH_LEDGER_ENV_<NAME>,
// BENCH_POS_ENV_<NAME>, BENCH_FORECASTING_ENV_<NAME> and BENCH_DASHBOARD_ENV_<NAME> pass <NAME> on
// to the ledger, pos-ingestion, reorder-forecasting or the ops dashboard, for tuning experiments.
import type { BenchOptions } from '../options/bench-options';
import type { BenchResources } from './bench-resources';
import { ServiceProcess } from './service-process';
import type { TestDatabase } from '@ledgerline/testing';
import { BENCH_ADMIN_API_KEY, benchCredentialHeaders, type RequestHeaders } from './bench-credentials';

export const LEDGER_SCHEMA = 'inventory_ledger';
/** As tools/up.sh, the Dockerfile and docker-compose.yml start the ledger (the README's "Sixth round"). */
export const LEDGER_NODE_OPTIONS = '--max-semi-space-size=32';
export { BENCH_ADMIN_API_KEY } from './bench-credentials';
/** As `npm run up` starts it: every series refitted each minute, so the idle cost of refits shows. */
export const FORECASTING_REFIT_INTERVAL_MS = '60000';
/** Quick runs: a tick every 2 s, so the first fits end within the quick wait instead of outlasting it. */
const QUICK_FORECASTING_REFIT_INTERVAL_MS = '2000';

function passedThrough(prefix: string): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith(prefix) && value !== undefined) passed[name.slice(prefix.length)] = value;
  }
  return passed;
}

interface ServiceLaunch {
  name: string;
  entry: string;
  /** The service's own settings; the broker, topic prefix, logging and profiling are added. */
  env: Record<string, string>;
  /** Prefix of the variables passed through to this service. */
  passThrough: string;
  workspaceRoot: string;
}

function startService(resources: BenchResources, options: BenchOptions, launch: ServiceLaunch): Promise<ServiceProcess> {
  return ServiceProcess.start({
    name: launch.name,
    entry: launch.entry,
    workspaceRoot: launch.workspaceRoot,
    cpuProfileDir: options.cpuProfileDir,
    logDir: options.serviceLogDir,
    allocationProfileDir: options.allocationProfileDir,
    windowCpuProfileDir: options.idleCpuProfileDir,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: resources.brokers.join(','),
      KAFKA_TOPIC_PREFIX: resources.prefix,
      ...launch.env,
      ...passedThrough(launch.passThrough),
    },
  });
}

export function startLedger(
  resources: BenchResources,
  database: TestDatabase,
  options: BenchOptions,
  workspaceRoot: string,
  name = 'inventory-ledger',
  settings: Record<string, string> = {},
): Promise<ServiceProcess> {
  return startService(resources, options, {
    name,
    entry: 'apps/inventory-ledger/src/main.ts',
    workspaceRoot: options.ledgerCheckout ?? workspaceRoot,
    passThrough: 'BENCH_LEDGER_ENV_',
    env: {
      NODE_OPTIONS: LEDGER_NODE_OPTIONS,
      KAFKA_GROUP_ID: `${resources.prefix}-ledger`,
      ...database.serviceEnv('inventory_ledger'),
      DATABASE_POOL_SIZE: String(options.databasePoolSize),
      MOVEMENTS_PARTITIONS: String(options.partitions),
      PARTITIONS_CONSUMED_CONCURRENTLY: String(options.partitionsConsumedConcurrently),
      BATCH_TRANSACTIONS_IN_FLIGHT: String(options.transactionsInFlight),
      ADMIN_API_KEY: BENCH_ADMIN_API_KEY,
      ...settings,
    },
  });
}

/**
 * `options.ledgerInstances` ledger processes in one consumer group, started together (their
 * migrations serialise on a lock): the movements' partitions are shared out among them and one
 * of them relays the outbox.
 */
export async function startLedgers(resources: BenchResources, database: TestDatabase, options: BenchOptions, workspaceRoot: string): Promise<ServiceProcess[]> {
  const starting = Array.from({ length: options.ledgerInstances }, (_, index) =>
    startLedger(resources, database, options, workspaceRoot, index === 0 ? 'inventory-ledger' : `inventory-ledger-${index + 1}`),
  );
  const started = await Promise.allSettled(starting);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)));
    throw failed.reason;
  }
  return started.map((result) => (result as PromiseFulfilledResult<ServiceProcess>).value);
}

export function startPosIngestion(resources: BenchResources, database: TestDatabase, options: BenchOptions, workspaceRoot: string): Promise<ServiceProcess> {
  return startService(resources, options, {
    name: 'pos-ingestion',
    entry: 'apps/pos-ingestion/src/main.ts',
    workspaceRoot,
    passThrough: 'BENCH_POS_ENV_',
    env: {
      KAFKA_GROUP_ID: `${resources.prefix}-pos`,
      ...database.serviceEnv('pos_ingestion'),
      DATABASE_POOL_SIZE: String(options.databasePoolSize),
      ADMIN_API_KEY: BENCH_ADMIN_API_KEY,
      TOPIC_PARTITIONS: String(options.partitions),
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      HTTP_BODY_LIMIT: '16mb',
    },
  });
}

export function startReorderForecasting(resources: BenchResources, database: TestDatabase, options: BenchOptions, workspaceRoot: string): Promise<ServiceProcess> {
  return startService(resources, options, {
    name: 'reorder-forecasting',
    entry: 'apps/reorder-forecasting/src/main.ts',
    workspaceRoot,
    passThrough: 'BENCH_FORECASTING_ENV_',
    env: {
      KAFKA_GROUP_ID: `${resources.prefix}-forecasting`,
      ...database.serviceEnv('reorder_forecasting'),
      DATABASE_POOL_SIZE: String(options.databasePoolSize),
      STOCK_TOPIC_PARTITIONS: String(options.partitions),
      REFIT_INTERVAL_MS: options.quick ? QUICK_FORECASTING_REFIT_INTERVAL_MS : FORECASTING_REFIT_INTERVAL_MS,
      ADMIN_API_KEY: BENCH_ADMIN_API_KEY,
    },
  });
}

/** The ops dashboard polling the three services at the given base URLs, as `npm run up` wires it (with the same credentials). */
export async function startOpsDashboard(
  resources: BenchResources,
  services: { posIngestionUrl: string; ledgerUrl: string; forecastingUrl: string },
  /** Its own schema there holds its credentials and alert acknowledgements. */
  database: TestDatabase,
  options: BenchOptions,
  workspaceRoot: string,
): Promise<ServiceProcess> {
  const [ledgerHeaders, ingestionHeaders] = await Promise.all([
    benchCredentialHeaders(services.ledgerUrl, ['stock:read']),
    benchCredentialHeaders(services.posIngestionUrl, ['rejections:read', 'counts:read']),
  ]);
  const credentialOf = (headers: RequestHeaders) => headers['authorization']?.slice('Bearer '.length);
  return startService(resources, options, {
    name: 'ops-dashboard',
    entry: 'apps/ops-dashboard/src/main.ts',
    workspaceRoot,
    passThrough: 'BENCH_DASHBOARD_ENV_',
    env: {
      ...database.serviceEnv('ops_dashboard'),
      // The way in to issue the bench's own dashboard:view credential.
      ADMIN_API_KEY: BENCH_ADMIN_API_KEY,
      POS_INGESTION_URL: services.posIngestionUrl,
      INVENTORY_LEDGER_URL: services.ledgerUrl,
      REORDER_FORECASTING_URL: services.forecastingUrl,
      ...optionalEnv('INVENTORY_LEDGER_CREDENTIAL', credentialOf(ledgerHeaders)),
      ...optionalEnv('POS_INGESTION_CREDENTIAL', credentialOf(ingestionHeaders)),
    },
  });
}

function optionalEnv(name: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [name]: value };
}
