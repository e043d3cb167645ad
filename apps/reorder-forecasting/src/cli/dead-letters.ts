// `npx nx run reorder-forecasting:dead-letters --args="<command>"`: the stock changes of
// forecasting.stock-changed.dead-letter.v1 this service refused, from its archive: count by reason,
// list, show, replay (corrected, or unchanged once the rule that refused it is put right; sent to
// forecasting.stock-changed.replay.v1, never to the ledger's stock-changed) or discard.
// Usage: DEAD_LETTER_USAGE.
import 'reflect-metadata';
import { runDeadLetterCli } from '@ledgerline/messaging';
import { DATABASE_TIMEOUT_SETTINGS, loadConfig } from '@ledgerline/runtime';
import { forecastingConfigSchema } from '../config/forecasting.config';
import { FORECASTING_REPLAY_ROUTES } from '../messaging/replay-routes';
import { forecastingDatabaseOptions } from '../reorder-forecasting.module';

const settings = forecastingConfigSchema.pick({ DATABASE_URL: true, DATABASE_SCHEMA: true, DATABASE_POOL_SIZE: true, KAFKA_BROKERS: true, ...DATABASE_TIMEOUT_SETTINGS });

runDeadLetterCli('reorder-forecasting', process.argv.slice(2), () => {
  const config = loadConfig(settings);
  return { database: forecastingDatabaseOptions(config), brokers: config.KAFKA_BROKERS, clientId: 'reorder-forecasting-dead-letters-cli', replayRoutes: FORECASTING_REPLAY_ROUTES };
});
