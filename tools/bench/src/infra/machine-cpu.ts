// CPU use beyond the services' own processes, from /proc: how busy the whole machine was during a
// phase, and the CPU time of every PostgreSQL server process (its backends do the database's share
// of each line). Linux only; NaN elsewhere.
import { readFile, readdir } from 'node:fs/promises';

// /proc reports CPU time in clock ticks of USER_HZ, which Linux fixes at 100 for user space.
const CLOCK_TICKS_PER_SECOND = 100;

export interface MachineCpuSample {
  /** Ticks of every CPU since boot, and of those the idle and I/O-wait ones. */
  totalTicks: number;
  idleTicks: number;
}

export async function sampleMachineCpu(): Promise<MachineCpuSample> {
  try {
    const stat = await readFile('/proc/stat', 'utf8');
    const ticks = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { totalTicks: total, idleTicks: (ticks[3] ?? 0) + (ticks[4] ?? 0) };
  } catch {
    return { totalTicks: Number.NaN, idleTicks: Number.NaN };
  }
}

/** Share of all CPUs that was busy between two samples, in per cent. */
export function busyPercent(from: MachineCpuSample, to: MachineCpuSample): number {
  const total = to.totalTicks - from.totalTicks;
  return total > 0 ? (100 * (total - (to.idleTicks - from.idleTicks))) / total : Number.NaN;
}

/**
 * CPU time (user + system, seconds) of every live process with this command name. A process that
 * exits between two readings drops out of the second, so compare readings of long-lived processes
 * (a pool's connections) only.
 */
export async function cpuSecondsOfProcessesNamed(command: string): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return Number.NaN;
  }
  let ticks = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== command) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone since the directory was read.
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}
