// Starts the pos-ingestion service: validates configuration, migrates its schema, consumes raw
// POS records, republishes anything a crash left unpublished and serves the HTTP API.
import 'reflect-metadata';
import { ConfigurationError, JsonLogger, listeningUrl } from '@ledgerline/runtime';
import { loadPosIngestionConfig } from './config/pos-ingestion.config';
import { createPosIngestionApp } from './create-pos-ingestion-app';

async function main(): Promise<void> {
  const logger = new JsonLogger('Main');
  const config = loadPosIngestionConfig();
  const app = await createPosIngestionApp(config);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.info('pos-ingestion started', { url: listeningUrl(app), docs: `${listeningUrl(app)}/docs` });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    new JsonLogger('Main').error('pos-ingestion failed to start', { error });
  }
  process.exit(1);
});
