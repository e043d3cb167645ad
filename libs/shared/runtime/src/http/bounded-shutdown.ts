// Graceful shutdown that always ends. On SIGTERM or SIGINT the application closes (consumers leave
// their groups, relays stop, pools drain), but whatever it waits on may be unreachable: a broker
// that stopped answering, a database connection stuck in a query, a consumer retrying a stalled
// batch. A process that has decided to exit must exit, so after the bound it exits anyway, and a
// second signal exits at once. The exit code is the one the process set (non-zero when it asked
// to be restarted), or 1 when the bound cut the shutdown short.
import type { INestApplicationContext } from '@nestjs/common';
import { JsonLogger } from '../logging/json-logger';

export interface BoundedShutdownOptions {
  timeoutMs: number;
  signals?: NodeJS.Signals[];
  /** Injected by tests; the process otherwise. */
  signalSource?: SignalSource;
  /** Injected by tests; process.exit otherwise. */
  exit?: (code: number) => void;
}

interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export function installBoundedShutdown(app: INestApplicationContext, options: BoundedShutdownOptions): () => void {
  const logger = new JsonLogger('Shutdown');
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const source: SignalSource = options.signalSource ?? process;
  const closeApplication = app.close.bind(app);
  let closing = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn('second signal during shutdown: exiting now', { signal });
      exit(exitCodeOr(1));
      return;
    }
    closing = true;
    logger.info('shutting down', { signal, timeoutMs: options.timeoutMs });
    const deadline = setTimeout(() => {
      logger.error('shutdown did not finish within its bound: exiting anyway', { signal, timeoutMs: options.timeoutMs });
      exit(exitCodeOr(1));
    }, options.timeoutMs);
    closeApplication().then(
      () => {
        clearTimeout(deadline);
        exit(exitCodeOr(0));
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.error('shutdown failed', { error });
        exit(exitCodeOr(1));
      },
    );
  };
  const uninstall = () => {
    for (const signal of signals) source.off(signal, onSignal);
  };
  for (const signal of signals) source.on(signal, onSignal);
  // An application closed by its owner (a test, a tool) stops listening, so many applications in
  // one process do not pile up listeners; one closed by a signal keeps its handler for the second.
  app.close = async () => {
    if (!closing) uninstall();
    await closeApplication();
  };
  return uninstall;
}

/**
 * For a component that has decided the service cannot go on (a consumer kafkajs gave up on): exit
 * non-zero through the bounded shutdown, so the supervisor starts a fresh instance.
 */
export function exitForRestart(logger: JsonLogger, reason: string, error?: unknown): void {
  logger.error(`${reason}; exiting so the supervisor restarts the service`, { error });
  process.exitCode = 1;
  process.kill(process.pid, 'SIGTERM');
}

function exitCodeOr(fallback: number): number {
  const code = process.exitCode;
  if (typeof code === 'number' && code !== 0) return code;
  if (typeof code === 'string' && code !== '' && code !== '0') return Number(code) || fallback;
  return fallback;
}
