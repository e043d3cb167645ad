// The POS simulator's command line: reads options, runs synthetic traffic or a replay of a real
// transaction file against pos-ingestion (and the ERP side against Kafka), and stops cleanly on
// Ctrl-C (a second Ctrl-C stops at once).
import { configureLogging } from '@ledgerline/runtime';
import { OptionsError, USAGE, defaultRunId, parseSimulatorOptions } from './config/simulator-options';
import { runReplay } from './run/replay-run';
import { runSynthetic } from './run/synthetic-run';
import type { Reporter } from './run/run-context';

async function main(): Promise<void> {
  const options = parseSimulatorOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // kafkajs and the messaging library log through the JSON logger; only errors interest a CLI user.
  configureLogging({ service: 'pos-simulator', level: 'error', sink: (line) => process.stderr.write(`${line}\n`) });
  const runId = options.runId ?? defaultRunId(new Date());
  const reporter: Reporter = {
    status: (line) => process.stdout.write(`[pos-simulator] ${line}\n`),
    problem: (message) => process.stderr.write(`[pos-simulator] ${message}\n`),
  };
  const stop = new AbortController();
  process.once('SIGINT', () => {
    reporter.status('stopping: sending what the tills still hold (Ctrl-C again to quit at once)');
    stop.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  process.once('SIGTERM', () => stop.abort());

  const target = options.mode === 'replay' ? `replay of ${options.replayFile} at x${options.speedup}` : `${options.stores} stores x ${options.terminals} tills, ${options.skus} SKUs, ${options.rate} lines/s`;
  reporter.status(`run ${runId}: ${target} -> ${options.ingestionUrl}${options.erp ? `, ERP on Kafka ${options.kafkaBrokers.join(',')}${options.topicPrefix ? ` prefix ${options.topicPrefix}` : ''}` : ''}`);
  if (options.mode === 'replay') await runReplay(options, runId, reporter, stop.signal);
  else await runSynthetic(options, runId, reporter, stop.signal);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[pos-simulator] ${error instanceof OptionsError ? error.message : error instanceof Error ? `${error.message}` : String(error)}\n`);
    process.exit(error instanceof OptionsError ? 2 : 1);
  },
);
