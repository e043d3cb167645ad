// The ledger as its own process, under a supervisor that restarts it when it exits non-zero, as
// systemd or Kubernetes would. Used where a fault may legitimately make the service exit (it
// exits for restart when kafkajs gives up), which must not take the test runner down with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const REPOSITORY_ROOT = resolve(__dirname, '../../..');
/** Each process's stderr goes here, so a restart can be explained after the run. */
export const LEDGER_LOG_DIR = join(REPOSITORY_ROOT, 'tmp', 'chaos-logs');

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class LedgerProcess {
  readonly exited: Promise<ProcessExit>;
  private exit: ProcessExit | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly httpPort: number,
  ) {
    this.exited = new Promise((settle) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        settle(this.exit);
      }),
    );
  }

  static async start(environment: Record<string, string>, logName: string): Promise<LedgerProcess> {
    const httpPort = await freePort();
    mkdirSync(LEDGER_LOG_DIR, { recursive: true });
    const log = openSync(join(LEDGER_LOG_DIR, `${logName}.log`), 'w');
    const child = spawn(process.execPath, ['-r', './tools/ts-register.cjs', 'apps/inventory-ledger/src/main.ts'], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, ...environment, HTTP_PORT: String(httpPort), HTTP_HOST: '127.0.0.1' },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    return new LedgerProcess(child, httpPort);
  }

  get isRunning(): boolean {
    return this.exit === undefined;
  }

  /** HTTP status of /health/ready, or null when nothing answers. */
  async readiness(): Promise<number | null> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.httpPort}/health/ready`, { signal: AbortSignal.timeout(4_000) });
      await response.body?.cancel();
      return response.status;
    } catch {
      return null;
    }
  }

  /** kill -9: no shutdown hook runs, whatever was in flight is cut off. */
  kill(): Promise<ProcessExit> {
    if (this.isRunning) this.child.kill('SIGKILL');
    return this.exited;
  }

  async stop(): Promise<ProcessExit> {
    if (this.isRunning) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Keeps one ledger process running: a non-zero exit is followed by a fresh start. */
export class LedgerSupervisor {
  private current: LedgerProcess | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  readonly exits: ProcessExit[] = [];

  constructor(
    private readonly name: string,
    private readonly environment: Record<string, string>,
    private readonly restartDelayMs = 1_000,
  ) {}

  async start(): Promise<void> {
    this.current = await LedgerProcess.start(this.environment, `${this.name}-0`);
    this.loop = this.watch();
  }

  get process(): LedgerProcess | undefined {
    return this.current;
  }

  get restarts(): number {
    return this.exits.length;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.current?.stop();
    await this.loop;
  }

  private async watch(): Promise<void> {
    while (!this.stopping && this.current) {
      const exit = await this.current.exited;
      if (this.stopping) return;
      this.exits.push(exit);
      await new Promise((settle) => setTimeout(settle, this.restartDelayMs));
      if (this.stopping) return;
      this.current = await LedgerProcess.start(this.environment, `${this.name}-${this.exits.length}`);
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((settle, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => settle(port));
    });
  });
}
