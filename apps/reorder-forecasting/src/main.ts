// Starts the reorder-forecasting service: validates configuration, migrates its schema, consumes
// the ledger's stock changes, refits forecasts on schedule, relays suggestions and serves the API.
import 'reflect-metadata';
import { ConfigurationError, JsonLogger, listeningUrl } from '@ledgerline/runtime';
import { loadForecastingConfig } from './config/forecasting.config';
import { createReorderForecastingApp } from './create-reorder-forecasting-app';

async function main(): Promise<void> {
  const logger = new JsonLogger('Main');
  const config = loadForecastingConfig();
  const app = await createReorderForecastingApp(config);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info('reorder-forecasting started', { url: listeningUrl(app), docs: `${listeningUrl(app)}/docs` });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    new JsonLogger('Main').error('reorder-forecasting failed to start', { error });
  }
  process.exit(1);
});
