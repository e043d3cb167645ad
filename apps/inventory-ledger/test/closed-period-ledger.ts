// Test support for the closed-period tests: a running ledger (HTTP, broker, fresh database), a
// writer of its own on the same database to apply batches directly (and hold one open), a plain
// client for reading the tables, and the credentials finance and a reader use.
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { openServiceDatabase } from '@ledgerline/runtime';
import { issueCredential } from '@ledgerline/testing';
import { ledgerConfigSchema, type LedgerConfig } from '../src/config/ledger.config';
import { ledgerDatabaseOptions } from '../src/inventory-ledger.module';
import { LedgerWriter } from '../src/ledger/ledger-writer';
import { startRunningLedger, type RunningLedger } from './running-ledger';

export interface ClosedPeriodLedger {
  readonly ledger: RunningLedger;
  /** The writer's configuration: the running ledger's database, a pool of four, and the writer's settings. */
  readonly config: LedgerConfig;
  /** The writer's own connections. */
  readonly writerDatabase: DataSource;
  readonly db: Client;
  /** A credential with `periods:close` alone. */
  readonly financeCredential: string;
  /** Headers of a `periods:close` request with a JSON body. */
  readonly finance: Record<string, string>;
  /** Headers of a `valuation:read` request. */
  readonly reader: Record<string, string>;
  /** Applies movements as one batch through the writer; `beforeCommit` runs inside its transaction. */
  apply(movements: InventoryMovementV1[], beforeCommit?: () => Promise<void>): ReturnType<LedgerWriter['applyBatch']>;
  close(): Promise<void>;
}

/** Settings of the running ledger, and of the writer's configuration (which the test's own services may use too). */
export interface ClosedPeriodLedgerSettings {
  ledger?: Record<string, string>;
  writer?: Record<string, string>;
}

export async function startClosedPeriodLedger(name: string, settings: ClosedPeriodLedgerSettings = {}): Promise<ClosedPeriodLedger> {
  const ledger = await startRunningLedger(name, settings.ledger);
  const config = ledgerConfigSchema.parse({ ...ledger.database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '4', ...settings.writer });
  const writerDatabase: DataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
  const writer = new LedgerWriter(writerDatabase, config.DATABASE_SCHEMA);
  const db = new Client({ connectionString: ledger.database.url });
  await db.connect();
  const financeCredential = await issueCredential(ledger.url, ledger.adminApiKey, ['periods:close']);
  const readerCredential = await issueCredential(ledger.url, ledger.adminApiKey, ['valuation:read']);
  return {
    ledger,
    config,
    writerDatabase,
    db,
    financeCredential,
    finance: { authorization: `Bearer ${financeCredential}`, 'content-type': 'application/json' },
    reader: { authorization: `Bearer ${readerCredential}` },
    apply: (movements, beforeCommit) =>
      writer.applyBatch(
        movements.map((movement) => ({ movement })),
        new Date(),
        beforeCommit,
      ),
    async close() {
      await db.end();
      await writerDatabase.destroy();
      await ledger.close();
    },
  };
}
