// Starts a Ledgerline service as a child process, exactly as it runs in production (its own Node
// process, configured only through the environment), waits until /health/ready answers, and reads
// its peak resident set from /proc before stopping it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { sumMetric } from '@ledgerline/runtime';
import { processCpu } from './machine-cpu';

export interface ServiceProcessOptions {
  name: string;
  /** Entry point relative to the workspace root, e.g. apps/inventory-ledger/src/main.ts. */
  entry: string;
  env: Record<string, string>;
  workspaceRoot: string;
  /** When set, the child writes a V8 CPU profile into this directory when it stops. */
  cpuProfileDir?: string;
  /** When set, everything the child writes to stdout and stderr is also kept in a file there. */
  logDir?: string;
  /** When set, the child writes an allocation profile (everything allocated, kept or not) here when it stops. */
  allocationProfileDir?: string;
  /** When set, the child writes a V8 CPU profile of the window between startWindowProfile and stopWindowProfile here. */
  windowCpuProfileDir?: string;
  readyTimeoutMs?: number;
}

export class ServiceProcess {
  private exited = false;
  private exitDescription = '';
  private readonly output: string[] = [];

  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly child: ChildProcess,
    /** Where the child writes its window profile; undefined when it does not profile windows. */
    private readonly windowProfileFile?: string,
    logFile?: string,
  ) {
    const log = logFile === undefined ? undefined : fs.createWriteStream(logFile);
    child.once('exit', () => log?.end());
    const keep = (chunk: Buffer) => {
      log?.write(chunk);
      this.output.push(chunk.toString('utf8'));
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      this.exited = true;
      this.exitDescription = signal ? `killed by ${signal}` : `exited with code ${code}`;
    });
  }

  static async start(options: ServiceProcessOptions): Promise<ServiceProcess> {
    const port = await freePort();
    const profiling = options.cpuProfileDir
      ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir, '--cpu-prof-name', `${options.name}.${Date.now()}.cpuprofile`, '-r', path.join(__dirname, 'exit-on-sigterm.cjs')]
      : [];
    const allocationProfile = options.allocationProfileDir
      ? { file: path.resolve(options.allocationProfileDir, `${options.name}.${Date.now()}.heapprofile`), preload: ['-r', path.join(__dirname, 'allocation-profile.cjs')] }
      : undefined;
    const windowProfile = options.windowCpuProfileDir
      ? { file: path.resolve(options.windowCpuProfileDir, `${options.name}.${Date.now()}.cpuprofile`), preload: ['-r', path.join(__dirname, 'window-cpu-profile.cjs')] }
      : undefined;
    const preloads = [...profiling, ...(allocationProfile?.preload ?? []), ...(windowProfile?.preload ?? [])];
    const child = spawn(process.execPath, [...preloads, '-r', './tools/ts-register.cjs', options.entry], {
      cwd: options.workspaceRoot,
      env: {
        PATH: process.env['PATH'] ?? '',
        ...options.env,
        ...(allocationProfile ? { BENCH_ALLOCATION_PROFILE_FILE: allocationProfile.file } : {}),
        ...(windowProfile ? { BENCH_WINDOW_CPU_PROFILE_FILE: windowProfile.file } : {}),
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logFile = options.logDir === undefined ? undefined : path.resolve(options.logDir, `${options.name}.${Date.now()}.log`);
    const service = new ServiceProcess(options.name, `http://127.0.0.1:${port}`, child, windowProfile?.file, logFile);
    try {
      await service.waitUntilReady(options.readyTimeoutMs ?? 60_000);
    } catch (error) {
      await service.stop();
      throw error;
    }
    return service;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Peak resident set size so far (VmHWM), in MiB; NaN when /proc cannot tell. */
  async peakRssMiB(): Promise<number> {
    try {
      const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
      const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
      return match ? Number(match[1]) / 1024 : Number.NaN;
    } catch {
      return Number.NaN;
    }
  }

  /**
   * CPU time (user + system) the process has used so far, in seconds; NaN when /proc cannot
   * tell. On a shared machine a service's CPU per unit of work is steadier than its wall-clock
   * rate, so A/B comparisons read this one.
   */
  async cpuSeconds(): Promise<number> {
    return (await processCpu(this.pid))?.cpuSeconds ?? Number.NaN;
  }

  /**
   * How late the service's event loop ran since the previous call, in milliseconds (p99 and max),
   * as its /metrics reports it (prom-client samples the delay and starts afresh after each scrape).
   * On a busy machine every await in the service waits about this long. NaN when unavailable.
   */
  async eventLoopDelayMs(): Promise<{ p99: number; max: number }> {
    const text = await this.metricsText();
    const seconds = (name: string) => sumMetric(text, name) ?? Number.NaN;
    return { p99: seconds('nodejs_eventloop_lag_p99_seconds') * 1000, max: seconds('nodejs_eventloop_lag_max_seconds') * 1000 };
  }

  /**
   * Time the service's garbage collections have taken so far, all kinds, in seconds (prom-client's
   * nodejs_gc_duration_seconds); NaN when unavailable. Where allocation or what a batch keeps alive
   * changes, this moves more directly than the CPU time it is part of.
   */
  async gcSeconds(): Promise<number> {
    return sumMetric(await this.metricsText(), 'nodejs_gc_duration_seconds_sum') ?? Number.NaN;
  }

  private async metricsText(): Promise<string> {
    try {
      const response = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(5_000) });
      return await response.text();
    } catch {
      return '';
    }
  }

  /** Starts the CPU profile of a window (see window-cpu-profile.cjs); nothing when the service does not profile windows. */
  startWindowProfile(): void {
    if (this.windowProfileFile !== undefined) this.child.kill('SIGUSR2');
  }

  /** Ends the window's profile and waits until it is written; returns its file, or undefined when not profiling. */
  async stopWindowProfile(timeoutMs = 30_000): Promise<string | undefined> {
    if (this.windowProfileFile === undefined) return undefined;
    const done = `${this.windowProfileFile}.done`;
    this.child.kill('SIGUSR2');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const failure = await readFile(done, 'utf8').catch(() => undefined);
      if (failure !== undefined) {
        if (failure !== '') throw new Error(`${this.name}: its window profile failed: ${failure}`);
        return this.windowProfileFile;
      }
      this.assertRunning();
      if (Date.now() > deadline) throw new Error(`${this.name} wrote no window profile to ${this.windowProfileFile} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The last lines the service wrote, for a failure message. */
  recentOutput(): string {
    return this.output.join('').split('\n').slice(-15).join('\n');
  }

  assertRunning(): void {
    if (this.exited) throw new Error(`${this.name} ${this.exitDescription}:\n${this.recentOutput()}`);
  }

  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      this.assertRunning();
      try {
        const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} was not ready after ${timeoutMs} ms:\n${this.recentOutput()}`);
  }
}

/**
 * A port no one listens on: the first free one of BENCH_PORT_BASE .. BENCH_PORT_BASE + 9 when that
 * is set (so a bench on a shared host stays inside the ports it was given), else one the system picks.
 */
async function freePort(): Promise<number> {
  const base = Number(process.env['BENCH_PORT_BASE'] ?? '');
  if (!Number.isInteger(base) || base <= 0) return listenOnce(0);
  for (let port = base; port < base + 10; port++) {
    const free = await listenOnce(port).then(
      () => true,
      () => false,
    );
    if (free) return port;
  }
  throw new Error(`no free port in ${base}..${base + 9} (BENCH_PORT_BASE)`);
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}
