// pos-ingestion as its own process on a fixed port, under a supervisor that restarts it whenever
// it dies (kill -9 from the test, or a crash it injected into itself), as systemd or Kubernetes
// would. Each start can carry its own FAULT_INJECTION, so a scenario decides which lives crash.
import { startServiceProcess, freePort, waitFor, type ServiceExit, type ServiceProcess } from '@ledgerline/testing';
import type { ChaosRun } from './chaos-run';

/** Long enough for the config check; never printed by the service (the tests assert it). */
export const CHAOS_ADMIN_API_KEY = 'chaos-admin-key-5f0c1d9e8b7a6f4e3d2c';

export const INGESTION_SCHEMA = 'pos_ingestion';

export interface IngestionSupervisorOptions {
  /** FAULT_INJECTION for the n-th start (0 = the first); undefined runs it without a fault. */
  faultForStart?: (start: number) => string | undefined;
  restartDelayMs?: number;
}

export class IngestionSupervisor {
  private current: ServiceProcess | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private starts = 0;
  readonly exits: ServiceExit[] = [];
  /** Output of every life, newest last: what the service printed before each death. */
  readonly outputs: string[] = [];
  /** Why a start did not reach readiness (it then counts as an exit and is started again). */
  readonly failedStarts: string[] = [];

  private constructor(
    readonly url: string,
    private readonly port: number,
    private readonly environment: Record<string, string>,
    private readonly options: IngestionSupervisorOptions,
  ) {}

  static async start(environment: Record<string, string>, options: IngestionSupervisorOptions = {}): Promise<IngestionSupervisor> {
    const port = await freePort();
    const supervisor = new IngestionSupervisor(`http://127.0.0.1:${port}`, port, environment, options);
    supervisor.current = await supervisor.launch();
    supervisor.loop = supervisor.watch();
    return supervisor;
  }

  get process(): ServiceProcess | undefined {
    return this.current;
  }

  get restarts(): number {
    return this.exits.length;
  }

  /** Lives started so far, the one running included (a start that failed counts too). */
  get lives(): number {
    return this.starts;
  }

  /** kill -9 of the running instance; the supervisor brings up the next one. */
  async kill(): Promise<ServiceExit | undefined> {
    return this.current?.stop('SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const last = this.current;
    if (last) {
      await last.stop('SIGTERM');
      this.outputs.push(last.outputTail(400));
    }
    await this.loop;
  }

  private async launch(): Promise<ServiceProcess> {
    const fault = this.options.faultForStart?.(this.starts);
    this.starts += 1;
    return startServiceProcess({
      name: 'pos-ingestion',
      entry: 'apps/pos-ingestion/src/main.ts',
      port: this.port,
      env: { ...this.environment, ...(fault === undefined ? {} : { FAULT_INJECTION: fault }) },
    });
  }

  private async watch(): Promise<void> {
    while (!this.stopping && this.current) {
      const dying = this.current;
      const exit = await dying.exited;
      if (this.stopping) return;
      this.exits.push(exit);
      this.outputs.push(dying.outputTail(400));
      await new Promise((settle) => setTimeout(settle, this.options.restartDelayMs ?? 200));
      if (this.stopping) return;
      this.current = await this.launchUntilUp();
    }
  }

  /** A life may die while starting (its injected crash can come from the republisher's first round): start again. */
  private async launchUntilUp(): Promise<ServiceProcess | undefined> {
    for (;;) {
      if (this.stopping) return undefined;
      try {
        return await this.launch();
      } catch (error) {
        this.failedStarts.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
}

/** pos-ingestion's environment for a chaos run: same database and topic prefix as the run's ledger. */
export function ingestionEnvironment(run: ChaosRun, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: run.brokers.join(','),
    ...run.principalEnvironment('pos-ingestion'),
    ...run.database.serviceEnv('pos_ingestion'),
    KAFKA_TOPIC_PREFIX: run.prefix,
    KAFKA_GROUP_ID: run.ingestionGroupId,
    ADMIN_API_KEY: CHAOS_ADMIN_API_KEY,
    LOG_LEVEL: 'warn',
    TOPIC_PARTITIONS: String(run.partitions),
    DATABASE_POOL_SIZE: '6',
    RATE_LIMIT_PER_SECOND: '2000',
    RATE_LIMIT_BURST: '2000',
    REPUBLISH_AFTER_MS: '1500',
    REPUBLISH_INTERVAL_MS: '300',
    SHUTDOWN_DRAIN_TIMEOUT_MS: '3000',
    // A restarted instance joins the raw-topic group only once its killed predecessor's session expired.
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    ...overrides,
  };
}

/** Waits until pos-ingestion published every transaction it accepted (the republisher included). */
export async function untilEveryAcceptedPublished(run: ChaosRun, description: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => (await run.scalar(`SELECT count(*) AS n FROM ${INGESTION_SCHEMA}.pos_transaction WHERE status = 'accepted' AND published_at IS NULL`)) === 0,
    { timeoutMs, description },
  );
}

export function startLedger(run: ChaosRun): Promise<ServiceProcess> {
  return startServiceProcess({ name: 'inventory-ledger', entry: 'apps/inventory-ledger/src/main.ts', env: run.ledgerEnvironment() });
}
