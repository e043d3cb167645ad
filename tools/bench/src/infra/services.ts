// How the bench starts the two services it measures: as child processes, configured through the
// environment like a deployment, with the sizes of the run. BENCH_LEDGER_ENV_<NAME> and
// BENCH_POS_ENV_<NAME> pass <NAME> on to the ledger or pos-ingestion, for tuning experiments.
import type { BenchOptions } from '../options/bench-options';
import type { BenchResources } from './bench-resources';
import { ServiceProcess } from './service-process';

export const LEDGER_SCHEMA = 'inventory_ledger';
/** As tools/up.sh, the Dockerfile and docker-compose.yml start the ledger (the README's "Sixth round"). */
export const LEDGER_NODE_OPTIONS = '--max-semi-space-size=32';
export const BENCH_ADMIN_API_KEY = 'bench-admin-key-0123456789abcdefghij';

function passedThrough(prefix: string): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith(prefix) && value !== undefined) passed[name.slice(prefix.length)] = value;
  }
  return passed;
}

export function startLedger(
  resources: BenchResources,
  databaseUrl: string,
  options: BenchOptions,
  workspaceRoot: string,
  name = 'inventory-ledger',
): Promise<ServiceProcess> {
  return ServiceProcess.start({
    name,
    entry: 'apps/inventory-ledger/src/main.ts',
    workspaceRoot: options.ledgerCheckout ?? workspaceRoot,
    cpuProfileDir: options.cpuProfileDir,
    allocationProfileDir: options.allocationProfileDir,
    env: {
      NODE_ENV: 'production',
      NODE_OPTIONS: LEDGER_NODE_OPTIONS,
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: resources.brokers.join(','),
      KAFKA_TOPIC_PREFIX: resources.prefix,
      KAFKA_GROUP_ID: `${resources.prefix}-ledger`,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(options.databasePoolSize),
      MOVEMENTS_PARTITIONS: String(options.partitions),
      PARTITIONS_CONSUMED_CONCURRENTLY: String(options.partitionsConsumedConcurrently),
      BATCH_TRANSACTIONS_IN_FLIGHT: String(options.transactionsInFlight),
      ...passedThrough('BENCH_LEDGER_ENV_'),
    },
  });
}

/**
 * `options.ledgerInstances` ledger processes in one consumer group, started together (their
 * migrations serialise on a lock): the movements' partitions are shared out among them and one
 * of them relays the outbox.
 */
export async function startLedgers(resources: BenchResources, databaseUrl: string, options: BenchOptions, workspaceRoot: string): Promise<ServiceProcess[]> {
  const starting = Array.from({ length: options.ledgerInstances }, (_, index) =>
    startLedger(resources, databaseUrl, options, workspaceRoot, index === 0 ? 'inventory-ledger' : `inventory-ledger-${index + 1}`),
  );
  const started = await Promise.allSettled(starting);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)));
    throw failed.reason;
  }
  return started.map((result) => (result as PromiseFulfilledResult<ServiceProcess>).value);
}

export function startPosIngestion(resources: BenchResources, databaseUrl: string, options: BenchOptions, workspaceRoot: string): Promise<ServiceProcess> {
  return ServiceProcess.start({
    name: 'pos-ingestion',
    entry: 'apps/pos-ingestion/src/main.ts',
    workspaceRoot,
    cpuProfileDir: options.cpuProfileDir,
    allocationProfileDir: options.allocationProfileDir,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: resources.brokers.join(','),
      KAFKA_TOPIC_PREFIX: resources.prefix,
      KAFKA_GROUP_ID: `${resources.prefix}-pos`,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(options.databasePoolSize),
      ADMIN_API_KEY: BENCH_ADMIN_API_KEY,
      TOPIC_PARTITIONS: String(options.partitions),
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      HTTP_BODY_LIMIT: '16mb',
      ...passedThrough('BENCH_POS_ENV_'),
    },
  });
}
