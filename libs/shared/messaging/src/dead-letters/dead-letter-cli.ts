// Runs the dead-letters command of one service from the command line: parses the arguments,
// opens the service's database (migrated like the service does) and a producer, runs the command
// and exits non-zero with a message an operator can act on when it fails.
import { ConfigurationError, configureLogging, openServiceDatabase, type ServiceDataSourceOptions } from '@ledgerline/runtime';
import { EventProducer } from '../event-producer';
import { createKafkaClient } from '../kafka-client';
import { DeadLetterArchive } from './dead-letter-archive';
import { parseDeadLetterCommand, runDeadLetterCommand } from './dead-letter-command';
import { DeadLetterDesk, DeadLetterError, type ReplayRoutes } from './dead-letter-desk';

export interface DeadLetterCliSettings {
  database: ServiceDataSourceOptions;
  brokers: string[];
  clientId: string;
  /** As the service's own desk has them, so the command replays where the admin endpoints do. */
  replayRoutes?: ReplayRoutes;
}

export function runDeadLetterCli(service: string, argv: readonly string[], settingsOf: () => DeadLetterCliSettings): void {
  // The answer goes to stdout as JSON; log lines go to stderr so it stays readable by a program.
  configureLogging({ service: `${service}-dead-letters`, level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) });
  const parsed = parseDeadLetterCommand(argv);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    process.exit(2);
  }
  const run = async () => {
    const settings = settingsOf();
    const dataSource = await openServiceDatabase({ ...settings.database, poolSize: 2 });
    const producer = new EventProducer(createKafkaClient({ brokers: settings.brokers, clientId: settings.clientId }));
    try {
      // Only a replay sends; the other commands work without a broker.
      if (parsed.command.name === 'replay' || parsed.command.name === 'replay-reason') await producer.connect();
      const desk = new DeadLetterDesk(new DeadLetterArchive(dataSource, settings.database.schema), producer, settings.replayRoutes);
      await runDeadLetterCommand(parsed.command, desk, (text) => process.stdout.write(`${text}\n`));
    } finally {
      await producer.disconnect().catch(() => undefined);
      await dataSource.destroy();
    }
  };
  run().catch((error: unknown) => {
    const known = error instanceof DeadLetterError || error instanceof ConfigurationError;
    process.stderr.write(`${known ? `${(error as Error & { code?: string }).code ?? ''} ${(error as Error).message}`.trim() : String(error instanceof Error ? error.stack : error)}\n`);
    process.exit(1);
  });
}
