// CPU use from /proc: of one process (a service), of every process of one name (PostgreSQL's
// backends do the database's share of each line) and of the whole machine during a phase. Linux
// only; NaN elsewhere.
import { readFile, readdir } from 'node:fs/promises';

// /proc reports CPU time in clock ticks of USER_HZ, which Linux fixes at 100 for user space.
const CLOCK_TICKS_PER_SECOND = 100;

export interface MachineCpuSample {
  /** Ticks of every CPU since boot, and of those the idle and I/O-wait ones. */
  totalTicks: number;
  idleTicks: number;
  /** Ticks the hypervisor ran something else while this machine had work: not this machine's work. */
  stealTicks: number;
}

export async function sampleMachineCpu(): Promise<MachineCpuSample> {
  try {
    const stat = await readFile('/proc/stat', 'utf8');
    const ticks = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { totalTicks: total, idleTicks: (ticks[3] ?? 0) + (ticks[4] ?? 0), stealTicks: ticks[7] ?? 0 };
  } catch {
    return { totalTicks: Number.NaN, idleTicks: Number.NaN, stealTicks: Number.NaN };
  }
}

/** How a limit's figure from busyCpuSeconds reads in the table. */
export const MACHINE_CPU_NOTE = 'CPU time of the whole machine (/proc/stat, all cores, without steal) over the limit, per unit: client and server';

/**
 * CPU seconds this machine spent working between two samples, over all cores: what a piece of work
 * costs whatever ran it (client, broker, database). Idle time is not counted, so a span that
 * includes waiting costs only the little the idle machine does meanwhile.
 */
export function busyCpuSeconds(from: MachineCpuSample, to: MachineCpuSample): number {
  const busy = to.totalTicks - from.totalTicks - (to.idleTicks - from.idleTicks) - (to.stealTicks - from.stealTicks);
  return busy / CLOCK_TICKS_PER_SECOND;
}

/** Share of all CPUs that was busy between two samples, in per cent. */
export function busyPercent(from: MachineCpuSample, to: MachineCpuSample): number {
  const total = to.totalTicks - from.totalTicks;
  return total > 0 ? (100 * (total - (to.idleTicks - from.idleTicks))) / total : Number.NaN;
}

/** A process's command name and CPU time (user + system, seconds) from /proc/<pid>/stat; undefined once it is gone. */
export async function processCpu(pid: number | string): Promise<{ command: string; cpuSeconds: number } | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: it ends at the last ')'. The fields after
    // it start at the state, field 3; utime and stime are fields 14 and 15.
    const end = stat.lastIndexOf(')');
    const fields = stat.slice(end + 2).split(' ');
    return { command: stat.slice(stat.indexOf('(') + 1, end), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system, seconds) of every live process with this command name. A process that
 * exits between two readings drops out of the second, so compare readings of long-lived processes
 * (a pool's connections) only, or compare by process with cpuSecondsSince.
 */
export async function cpuSecondsOfProcessesNamed(command: string): Promise<number> {
  const byPid = await cpuSecondsByProcessNamed(command);
  if (byPid === undefined) return Number.NaN;
  let seconds = 0;
  for (const cpu of byPid.values()) seconds += cpu;
  return seconds;
}

/** CPU time so far of every live process with this command name, by pid; undefined where /proc cannot tell. */
export async function cpuSecondsByProcessNamed(command: string): Promise<Map<string, number> | undefined> {
  const byPid = new Map<string, number>();
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const found = await processCpu(entry);
    if (found?.command === command) byPid.set(entry, found.cpuSeconds);
  }
  return byPid;
}

/**
 * CPU time used between two readings by pid: of the processes alive at the second, what each
 * used since the first (all of it for one started in between). What a process that exited in
 * between used after the first reading is not counted.
 */
export function cpuSecondsSince(before: Map<string, number>, after: Map<string, number>): number {
  let seconds = 0;
  for (const [pid, cpu] of after) seconds += cpu - (before.get(pid) ?? 0);
  return seconds;
}
