// Test support for tests that drive the LedgerWriter directly: a fresh, migrated ledger database
// opened as the service opens it, a plain client to read what the writer wrote, and wire movements
// of one store at one business time.
import type { DataSource } from 'typeorm';
import { Client } from 'pg';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../src/config/ledger.config';
import { ledgerDatabaseOptions } from '../src/inventory-ledger.module';

export interface WriterDatabase {
  readonly database: TestDatabase;
  readonly dataSource: DataSource;
  readonly db: Client;
  close(): Promise<void>;
}

export async function openWriterDatabase(name: string): Promise<WriterDatabase> {
  const database = await createTestDatabase(name);
  const dataSource = await openServiceDatabase(ledgerDatabaseOptions(ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '2' })));
  const db = new Client({ connectionString: database.url });
  await db.connect();
  return {
    database,
    dataSource,
    db,
    close: async () => {
      await db.end();
      await dataSource.destroy();
      await database.drop();
    },
  };
}

export const STORE_ID = 'S1';
export const BUSINESS_TIME = '2026-12-01T08:00:00.000Z';
export const ERP_SOURCE = { system: 'erp' as const, documentId: 'DOC-1' };

export const storeReceipt = (movementId: string, sku: string, quantity: number, unitCost: string): InventoryMovementV1 => ({
  movementId, kind: 'receipt', sku, locationId: STORE_ID, quantity, unitCost, occurredAt: BUSINESS_TIME, source: ERP_SOURCE,
});

export const storeSale = (movementId: string, sku: string, quantity: number): InventoryMovementV1 => ({
  movementId, kind: 'sale', sku, locationId: STORE_ID, quantity, occurredAt: BUSINESS_TIME, source: { system: 'pos', storeId: STORE_ID, transactionId: movementId, lineNumber: 1 },
});
