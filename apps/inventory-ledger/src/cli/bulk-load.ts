// `npx nx run inventory-ledger:bulk-load --args="--file history.ndjson.gz"`: loads a history of
// movements (the movements topic's contract, one enveloped value per line) through the ledger's
// own rules and batch writer, without Kafka (docs/operations/bulk-load.md). Prints the totals as
// JSON. Exit status: 0 every line loaded (or already there), 3 some refused (each reported), 1
// stopped by a failure (load the same input again once it is fixed), 2 bad arguments.
import 'reflect-metadata';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { ConfigurationError, DATABASE_TIMEOUT_SETTINGS, configureLogging, loadConfig, openOwnerDatabase, openServiceDatabase } from '@ledgerline/runtime';
import { BulkLoader, type BulkLoadTotals, type RefusedLine } from '../bulk-load/bulk-loader';
import { parseBulkLoadCommand } from '../bulk-load/bulk-load-command';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { LedgerWriter } from '../ledger/ledger-writer';

const settings = ledgerConfigSchema.pick({
  DATABASE_URL: true,
  DATABASE_SCHEMA: true,
  DATABASE_POOL_SIZE: true,
  DATABASE_OWNER_URL: true,
  VALUATION_CURRENCY: true,
  ...DATABASE_TIMEOUT_SETTINGS,
});
const PROGRESS_EVERY_MS = 10_000;
/** What a load writes, vacuumed and analysed once it is done. */
const LOADED_TABLES = ['stock_balance', 'movement', 'applied_movement_id', 'outbox', 'valuation_delta', 'location_daily_adjustment', 'location_daily_landed_cost'];

configureLogging({ service: 'inventory-ledger-bulk-load', level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) });
const parsed = parseBulkLoadCommand(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`${parsed.message}\n`);
  process.exit(2);
}
const { command } = parsed;

const run = async (): Promise<BulkLoadTotals> => {
  const config = loadConfig(settings);
  // The same login role and pool settings as the running ledger: the loader writes only what its consumer writes.
  const dataSource = await openServiceDatabase({ ...ledgerDatabaseOptions(config), poolSize: command.lanes + 1, applicationName: 'inventory-ledger-bulk-load' });
  const refusedSink = command.refused === undefined ? process.stderr : createWriteStream(command.refused);
  const startedAt = Date.now();
  let reportedAt = startedAt;
  try {
    const writer = new LedgerWriter(dataSource, config.DATABASE_SCHEMA, undefined, undefined, config.VALUATION_CURRENCY, command.events);
    const loader = new BulkLoader(writer, {
      batchSize: command.batchSize,
      lanes: command.lanes,
      onRefused: (refusal: RefusedLine) => refusedSink.write(`${JSON.stringify({ refused: refusal })}\n`),
      onProgress: (totals) => {
        if (Date.now() - reportedAt < PROGRESS_EVERY_MS) return;
        reportedAt = Date.now();
        process.stderr.write(`${JSON.stringify({ progress: totals, seconds: Math.round((reportedAt - startedAt) / 1000) })}\n`);
      },
    });
    const raw = command.file === '-' ? process.stdin : createReadStream(command.file);
    const input = command.file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
    const totals = await loader.load(createInterface({ input, crlfDelay: Infinity }));
    await vacuumLoadedTables(config);
    return totals;
  } finally {
    if (refusedSink !== process.stderr) await new Promise<void>((resolve) => refusedSink.end(() => resolve()));
    await dataSource.destroy();
  }
};

/**
 * A load can multiply a table's size between two autovacuum runs: until its statistics catch up
 * the planner estimates from the old ones (a location's few hundred balances where there are
 * thousands), and until the visibility map covers the new pages the key reads that the version
 * index's INCLUDE columns answer (stock as of a time, a count's baseline) visit the heap, while
 * the first reader of each new row writes its hint bits. VACUUM (ANALYZE) does all of it once,
 * now. It needs the tables' owner (DATABASE_OWNER_URL), not the ledger's login role.
 */
async function vacuumLoadedTables(config: ReturnType<typeof loadConfig<typeof settings>>): Promise<void> {
  const options = ledgerDatabaseOptions(config);
  // Without the statement bound, as migrations run: it reads every table it is given once, however long that takes.
  const timeouts = options.timeouts && { ...options.timeouts, statementMs: 0 };
  const owner = await openOwnerDatabase({ ...options, timeouts, poolSize: 1, applicationName: 'inventory-ledger-bulk-load' });
  try {
    await owner.query(`VACUUM (ANALYZE) ${LOADED_TABLES.map((table) => `"${config.DATABASE_SCHEMA}".${table}`).join(', ')}`);
  } finally {
    await owner.destroy();
  }
}

const startedAt = Date.now();
run().then(
  (totals) => {
    process.stdout.write(`${JSON.stringify({ ...totals, events: command.events, seconds: (Date.now() - startedAt) / 1000 })}\n`);
    process.exit(totals.refused > 0 ? 3 : 0);
  },
  (error: unknown) => {
    const known = error instanceof ConfigurationError;
    process.stderr.write(`bulk-load stopped: ${known ? (error as Error).message : String(error instanceof Error ? error.stack : error)}\n`);
    process.exit(1);
  },
);
