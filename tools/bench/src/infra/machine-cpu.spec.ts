import { readFile } from 'node:fs/promises';
import { busyCpuSeconds, busyPercent, cpuSecondsOfProcessesNamed, cpuSecondsSince, processCpu, sampleMachineCpu } from './machine-cpu';

describe('machine CPU', () => {
  it('is the share of ticks that were neither idle nor waiting for I/O', () => {
    expect(busyPercent({ totalTicks: 1_000, idleTicks: 600, stealTicks: 0 }, { totalTicks: 1_200, idleTicks: 650, stealTicks: 0 })).toBe(75);
    expect(busyPercent({ totalTicks: 1_000, idleTicks: 600, stealTicks: 0 }, { totalTicks: 1_000, idleTicks: 600, stealTicks: 0 })).toBeNaN();
  });

  it("counts the machine's own work in CPU seconds: neither idle ticks nor those stolen by the hypervisor", () => {
    // 300 ticks passed: 50 idle, 30 stolen, so 220 ticks (2.2 s at 100 ticks a second) of work.
    expect(busyCpuSeconds({ totalTicks: 1_000, idleTicks: 600, stealTicks: 10 }, { totalTicks: 1_300, idleTicks: 650, stealTicks: 40 })).toBeCloseTo(2.2);
  });

  it('counts what each process used between two readings: all of one started between them, nothing of one that ended', () => {
    const before = new Map([['10', 5], ['11', 7]]);
    const after = new Map([['10', 5.5], ['12', 0.25]]);
    expect(cpuSecondsSince(before, after)).toBeCloseTo(0.75);
  });

  it('reads this machine: ticks only grow, and this very process has used some CPU', async () => {
    const first = await sampleMachineCpu();
    for (let spin = Date.now(); Date.now() - spin < 30; );
    const second = await sampleMachineCpu();
    expect(second.totalTicks).toBeGreaterThanOrEqual(first.totalTicks);
    expect(second.idleTicks).toBeGreaterThanOrEqual(first.idleTicks);
    expect(second.stealTicks).toBeGreaterThanOrEqual(first.stealTicks);
    expect(busyCpuSeconds(first, second)).toBeGreaterThanOrEqual(0);
    const command = (await readFile('/proc/self/comm', 'utf8')).trim();
    expect(await cpuSecondsOfProcessesNamed(command)).toBeGreaterThan(0);
    expect(await cpuSecondsOfProcessesNamed('no-such-command-here')).toBe(0);
    expect(await processCpu(process.pid)).toEqual({ command, cpuSeconds: expect.any(Number) });
    expect(await processCpu(-1)).toBeUndefined();
  });
});
