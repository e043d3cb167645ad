import { BackendCpuMeter } from './backend-cpu';

describe('the CPU of a database\'s backends', () => {
  it('counts what each backend used from the start: all of one that connected later, up to the last reading of one that left', async () => {
    let backends = [101, 102];
    const cpu = new Map<number, number>([
      [101, 3],
      [102, 1],
    ]);
    const meter = new BackendCpuMeter(
      async () => backends,
      async (pid) => cpu.get(pid),
    );
    await meter.sample();
    expect(meter.seconds()).toBe(0);
    await meter.start();
    cpu.set(101, 3.5).set(102, 1.25).set(103, 0.5);
    backends = [101, 102, 103];
    await meter.sample();
    expect(meter.seconds()).toBeCloseTo(0.5 + 0.25 + 0.5);
    backends = [101, 103];
    cpu.set(101, 4).set(103, 0.75);
    await meter.sample();
    expect(meter.seconds()).toBeCloseTo(1 + 0.25 + 0.75);
  });

  it('leaves out a backend whose process cannot be read', async () => {
    const meter = new BackendCpuMeter(
      async () => [7],
      async () => undefined,
    );
    await meter.start();
    await meter.sample();
    expect(meter.seconds()).toBe(0);
  });

  it('reads this machine: this very process, taken for a backend, used CPU while it spun', async () => {
    const meter = new BackendCpuMeter(async () => [process.pid]);
    await meter.start();
    // /proc counts in ticks of 10 ms: spin until a few have passed on this process's own clock.
    for (const spin = process.cpuUsage(); process.cpuUsage(spin).user < 100_000; );
    await meter.sample();
    expect(meter.seconds()).toBeGreaterThan(0);
  });
});
