// A Kafka broker of its own for a fault that takes the broker away: started with
// tools/kafka/kafka.sh on free ports with its data under tmp/, stopped and deleted afterwards.
// The shared broker on 9092 is never touched; other suites depend on it.
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { uniqueTestId } from '@ledgerline/testing';
import { freePort } from './ledger-process';

const REPOSITORY_ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);

export class DedicatedBroker {
  private constructor(
    readonly port: number,
    private readonly environment: Record<string, string>,
    private readonly dataDir: string,
  ) {}

  static async start(label: string): Promise<DedicatedBroker> {
    const port = await freePort();
    let controllerPort = await freePort();
    while (controllerPort === port) controllerPort = await freePort();
    const dataDir = join(REPOSITORY_ROOT, 'tmp', uniqueTestId(`kafka-${label}`));
    const broker = new DedicatedBroker(port, {
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      KAFKA_DATA_DIR: dataDir,
      KAFKA_HEAP_OPTS: '-Xms128m -Xmx512m',
      KAFKA_START_TIMEOUT_SECONDS: '90',
    }, dataDir);
    await broker.resume();
    return broker;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts (or restarts) the broker and waits until it answers. */
  async resume(): Promise<void> {
    await this.script('start');
  }

  /** A clean stop: the broker is gone until resume(). */
  async halt(): Promise<void> {
    await this.script('stop');
  }

  /** kill -9 of the broker's JVM: no controlled shutdown, its logs recover on the next start. */
  async crash(): Promise<void> {
    const pid = await this.pid();
    process.kill(pid, 'SIGKILL');
    for (let waited = 0; waited < 100 && isAlive(pid); waited += 1) await new Promise((settle) => setTimeout(settle, 100));
  }

  /**
   * SIGSTOP of the broker's JVM: it keeps its connections open and answers nothing, as a broker
   * in a long GC pause or on a frozen host does, until thaw().
   */
  async freeze(): Promise<void> {
    process.kill(await this.pid(), 'SIGSTOP');
  }

  /** SIGCONT: the frozen broker carries on where it stopped. */
  async thaw(): Promise<void> {
    process.kill(await this.pid(), 'SIGCONT');
  }

  async remove(): Promise<void> {
    await this.script('stop').catch(() => undefined);
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async pid(): Promise<number> {
    return Number((await readFile(join(this.dataDir, 'broker.pid'), 'utf8')).trim());
  }

  private async script(command: 'start' | 'stop'): Promise<void> {
    await run('bash', ['tools/kafka/kafka.sh', command], { cwd: REPOSITORY_ROOT, env: { ...process.env, ...this.environment }, timeout: 120_000 });
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
