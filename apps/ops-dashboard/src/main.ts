// Starts the ops dashboard: validates configuration, follows the platform topics and services,
// and serves the live page.
import 'reflect-metadata';
import { ConfigurationError, JsonLogger, listeningUrl } from '@ledgerline/runtime';
import { loadDashboardConfig } from './config/dashboard.config';
import { createOpsDashboardApp } from './create-ops-dashboard-app';

async function main(): Promise<void> {
  const logger = new JsonLogger('Main');
  const config = loadDashboardConfig();
  const app = await createOpsDashboardApp(config);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info('ops-dashboard started', { url: listeningUrl(app), docs: `${listeningUrl(app)}/docs` });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    new JsonLogger('Main').error('ops-dashboard failed to start', { error });
  }
  process.exit(1);
});
