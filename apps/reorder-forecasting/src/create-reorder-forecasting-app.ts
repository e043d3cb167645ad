// Builds the reorder-forecasting application; main.ts and the integration tests both use it.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureLogging, createHttpService, enableDefaultMetrics } from '@ledgerline/runtime';
import type { ForecastingConfig } from './config/forecasting.config';
import { ReorderForecastingModule } from './reorder-forecasting.module';

export async function createReorderForecastingApp(config: ForecastingConfig): Promise<NestExpressApplication> {
  configureLogging({ service: 'reorder-forecasting', level: config.LOG_LEVEL });
  enableDefaultMetrics('reorder-forecasting');
  return createHttpService(ReorderForecastingModule.forConfig(config), {
    title: 'Ledgerline reorder-forecasting',
    description:
      'Daily demand forecasts per item and location, replenishment policies and reorder suggestions. Authenticate with ' +
      'Authorization: Bearer <credential> holding the scope each route names (forecast:read, policy:write, forecast:refit, admin); see docs/security.md.',
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    bearerAuth: true,
  });
}
