// Builds the inventory-ledger application; main.ts and the integration tests both use it.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureLogging, createHttpService, enableDefaultMetrics } from '@ledgerline/runtime';
import type { LedgerConfig } from './config/ledger.config';
import { InventoryLedgerModule } from './inventory-ledger.module';

export async function createInventoryLedgerApp(config: LedgerConfig): Promise<NestExpressApplication> {
  configureLogging({ service: 'inventory-ledger', level: config.LOG_LEVEL });
  enableDefaultMetrics('inventory-ledger');
  const app = await createHttpService(InventoryLedgerModule.forConfig(config), {
    title: 'Ledgerline inventory-ledger',
    description:
      'Stock by SKU and location, stock as of a past time, ledger history and valuation. Authenticate with Authorization: Bearer <credential> ' +
      'holding the scope each route names (stock:read, valuation:read, admin); see docs/security.md.',
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    bearerAuth: true,
  });
  return app;
}
