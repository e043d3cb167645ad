// Runs a service the way production does, as its own Node process from its main.ts, for tests
// that must kill it (kill -9), restart it, or drive the whole system over HTTP and Kafka.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { waitFor } from './wait-for';

/** The repository root, from which `node -r ./tools/ts-register.cjs <entry>` runs. */
export const REPOSITORY_ROOT = resolve(__dirname, '../../../..');

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcessOptions {
  /** For messages and logs, e.g. "inventory-ledger". */
  name: string;
  /** Entry file relative to the repository root, e.g. "apps/inventory-ledger/src/main.ts". */
  entry: string;
  env: Record<string, string>;
  /** Fixed port; a free one is chosen when absent. */
  port?: number;
  /** Waits for /health/ready to answer 200 unless false. */
  waitUntilReady?: boolean;
  readyTimeoutMs?: number;
}

export interface ServiceProcess {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly exited: Promise<ServiceExit>;
  /** SIGTERM (graceful) by default; SIGKILL to crash it. Resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<ServiceExit>;
  /** Peak resident memory in KiB while alive (VmHWM), where /proc exists. */
  peakRssKiB(): number | undefined;
  /** The last lines the service printed, for failure messages. */
  outputTail(lines?: number): string;
}

const OUTPUT_KEPT = 400;

export async function freePort(): Promise<number> {
  return new Promise((settle, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => settle(port));
    });
  });
}

export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['-r', './tools/ts-register.cjs', options.entry], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: '1', ...options.env, HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
    if (output.length > OUTPUT_KEPT) output.splice(0, output.length - OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let gone = false;
  const exited = new Promise<ServiceExit>((settle) =>
    child.once('exit', (code, signal) => {
      gone = true;
      settle({ code, signal });
    }),
  );
  const service: ServiceProcess = {
    name: options.name,
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (!gone) child.kill(signal);
      const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
      try {
        return await exited;
      } finally {
        clearTimeout(forced);
      }
    },
    peakRssKiB() {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return match ? Number(match[1]) : undefined;
      } catch {
        return undefined;
      }
    },
    outputTail(lines = 40) {
      return output.slice(-lines).join('\n');
    },
  };
  if (options.waitUntilReady === false) return service;
  try {
    const outcome = await waitFor(
      async () => {
        if (gone) return 'exited';
        const response = await fetch(`${service.url}/health/ready`).catch(() => undefined);
        return response?.ok === true ? 'ready' : undefined;
      },
      { timeoutMs: options.readyTimeoutMs ?? 90_000, intervalMs: 250, description: `${options.name} to report ready` },
    );
    if (outcome === 'exited') throw new Error(`${options.name} exited during start (${JSON.stringify(await exited)})`);
  } catch (error) {
    await service.stop('SIGKILL');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- ${options.name} output ---\n${service.outputTail()}`);
  }
  return service;
}
