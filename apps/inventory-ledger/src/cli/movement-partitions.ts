// `npx nx run inventory-ledger:movement-partitions --args="<command>"`: the monthly partitions of
// the movement table (docs/operations/movement-partitions.md). Acts as the schema owner
// (DATABASE_OWNER_URL), not the ledger's login role: detaching a partition needs ownership of the movement table. Usage: USAGE (movement-partitions-command.ts).
import 'reflect-metadata';
import { ConfigurationError, DATABASE_TIMEOUT_SETTINGS, configureLogging, loadConfig, openOwnerDatabase } from '@ledgerline/runtime';
import { ledgerConfigSchema } from '../config/ledger.config';
import { ledgerDatabaseOptions } from '../inventory-ledger.module';
import { parsePartitionCommand, runPartitionCommand } from '../partitions/movement-partitions-command';
import { MovementPartitionError } from '../partitions/movement-partitions-sql';

const settings = ledgerConfigSchema.pick({ DATABASE_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true, DATABASE_OWNER_URL: true, MOVEMENT_PARTITIONS_AHEAD: true, ...DATABASE_TIMEOUT_SETTINGS });

configureLogging({ service: 'inventory-ledger-movement-partitions', level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) });
const parsed = parsePartitionCommand(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`${parsed.message}\n`);
  process.exit(2);
}

const run = async (): Promise<void> => {
  const config = loadConfig(settings);
  const dataSource = await openOwnerDatabase({ ...ledgerDatabaseOptions(config), poolSize: 2 });
  try {
    const answer = await runPartitionCommand(parsed.command, dataSource, config.DATABASE_SCHEMA, config.MOVEMENT_PARTITIONS_AHEAD);
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  } finally {
    await dataSource.destroy();
  }
};

run().catch((error: unknown) => {
  const known = error instanceof MovementPartitionError || error instanceof ConfigurationError;
  process.stderr.write(`${known ? `${(error as Error & { code?: string }).code ?? ''} ${(error as Error).message}`.trim() : String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
