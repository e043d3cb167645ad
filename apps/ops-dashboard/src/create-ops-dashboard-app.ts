// Builds the ops dashboard application; main.ts and the tests both use it.
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureLogging, createHttpService, enableDefaultMetrics } from '@ledgerline/runtime';
import type { DashboardConfig } from './config/dashboard.config';
import { OpsDashboardModule } from './ops-dashboard.module';

/** The page: static HTML, CSS and JavaScript, no build step. */
export const PUBLIC_DIRECTORY = join(__dirname, 'public');

export async function createOpsDashboardApp(config: DashboardConfig): Promise<NestExpressApplication> {
  configureLogging({ service: 'ops-dashboard', level: config.LOG_LEVEL });
  enableDefaultMetrics('ops-dashboard');
  const app = await createHttpService(OpsDashboardModule.forConfig(config), {
    title: 'Ledgerline ops dashboard',
    description:
      'Live picture of the platform for operations: flow, lag, stock, alerts, reorder suggestions, rejections, health and drift. ' +
      'Every route takes a dashboard credential: seeing needs dashboard:view (the viewer role), acknowledging alerts and acting on dead letters the scope the route names (alerts:acknowledge, dead-letters:act: the operator role); see docs/security.md.',
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    bearerAuth: true,
  });
  app.useStaticAssets(PUBLIC_DIRECTORY, { index: 'index.html', maxAge: 0 });
  return app;
}
