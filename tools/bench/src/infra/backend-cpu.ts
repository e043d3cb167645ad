// CPU time of the PostgreSQL backends that serve one scenario's connections. On a server shared
// with other work, every postgres process's CPU says as much about the others as about the
// scenario; the backends of its own database say only what its statements cost. What the server's
// shared processes do for it (the WAL writer, the checkpointer, autovacuum) is not in this figure.
import { processCpu } from './machine-cpu';

/** CPU seconds so far of each backend, by pid; a backend that is gone is left out. */
export type BackendCpuReading = Map<number, number>;

export class BackendCpuMeter {
  /** Per backend: its CPU when first seen in the span (0 for one that connected during it) and at the latest reading. */
  private readonly backends = new Map<number, { first: number; last: number }>();
  private started = false;

  constructor(
    private readonly listBackends: () => Promise<number[]>,
    private readonly cpuSecondsOf: (pid: number) => Promise<number | undefined> = async (pid) => (await processCpu(pid))?.cpuSeconds,
  ) {}

  /** Starts the span: the backends alive now count from what they have used so far. */
  async start(): Promise<void> {
    this.backends.clear();
    for (const [pid, cpu] of await this.read()) this.backends.set(pid, { first: cpu, last: cpu });
    this.started = true;
  }

  /**
   * Takes a reading. Read often enough, it misses little of a backend that disconnects: what it
   * used since the last reading.
   */
  async sample(): Promise<void> {
    if (!this.started) return;
    for (const [pid, cpu] of await this.read()) {
      const known = this.backends.get(pid);
      if (known === undefined) this.backends.set(pid, { first: 0, last: cpu });
      else known.last = cpu;
    }
  }

  /** CPU seconds the backends used from start() to the latest reading. */
  seconds(): number {
    let total = 0;
    for (const { first, last } of this.backends.values()) total += last - first;
    return total;
  }

  private async read(): Promise<BackendCpuReading> {
    const reading: BackendCpuReading = new Map();
    for (const pid of await this.listBackends()) {
      const cpu = await this.cpuSecondsOf(pid);
      if (cpu !== undefined) reading.set(pid, cpu);
    }
    return reading;
  }
}
