import { readFile } from 'node:fs/promises';
import { busyPercent, cpuSecondsOfProcessesNamed, processCpu, sampleMachineCpu } from './machine-cpu';

describe('machine CPU', () => {
  it('is the share of ticks that were neither idle nor waiting for I/O', () => {
    expect(busyPercent({ totalTicks: 1_000, idleTicks: 600 }, { totalTicks: 1_200, idleTicks: 650 })).toBe(75);
    expect(busyPercent({ totalTicks: 1_000, idleTicks: 600 }, { totalTicks: 1_000, idleTicks: 600 })).toBeNaN();
  });

  it('reads this machine: ticks only grow, and this very process has used some CPU', async () => {
    const first = await sampleMachineCpu();
    for (let spin = Date.now(); Date.now() - spin < 30; );
    const second = await sampleMachineCpu();
    expect(second.totalTicks).toBeGreaterThanOrEqual(first.totalTicks);
    expect(second.idleTicks).toBeGreaterThanOrEqual(first.idleTicks);
    const command = (await readFile('/proc/self/comm', 'utf8')).trim();
    expect(await cpuSecondsOfProcessesNamed(command)).toBeGreaterThan(0);
    expect(await cpuSecondsOfProcessesNamed('no-such-command-here')).toBe(0);
    expect(await processCpu(process.pid)).toEqual({ command, cpuSeconds: expect.any(Number) });
    expect(await processCpu(-1)).toBeUndefined();
  });
});
