// Builds the pos-ingestion application; main.ts and the integration tests both use it.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureLogging, createHttpService, enableDefaultMetrics } from '@ledgerline/runtime';
import type { PosIngestionConfig } from './config/pos-ingestion.config';
import { RequestDrain } from './http/request-drain';
import { PosIngestionModule } from './pos-ingestion.module';

export async function createPosIngestionApp(config: PosIngestionConfig): Promise<NestExpressApplication> {
  configureLogging({ service: 'pos-ingestion', level: config.LOG_LEVEL });
  enableDefaultMetrics('pos-ingestion');
  const app = await createHttpService(PosIngestionModule.forConfig(config), {
    title: 'Ledgerline pos-ingestion',
    description:
      'The POS front door: sales, returns and voids, one at a time or in batches, validated, de-duplicated and published as ' +
      'inventory movements. Tills authenticate with Authorization: Bearer <POS key>; the admin endpoints with a credential holding the admin scope (or ADMIN_API_KEY), see docs/security.md.',
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    bodyLimit: config.HTTP_BODY_LIMIT,
    bearerAuth: true,
  });
  // Installed on the app rather than as a Nest middleware, so it is the same instance that shutdown drains.
  const drain = app.get(RequestDrain);
  app.use(drain.handler());
  return app;
}
