// What a deployment costs with no traffic at all: the CPU time each service, PostgreSQL and the
// broker use over an idle window, as a share of one core. PostgreSQL is counted twice: every
// server process on the machine (what the deployment's database costs when it has the server to
// itself) and only the backends of the scenario's database (what is left of it when the server
// is shared with other work, as on a developer's machine).
import { Client } from 'pg';
import type { Figure } from '../../report/bench-report';
import { busyPercent, cpuSecondsByProcessNamed, cpuSecondsSince, processCpu, sampleMachineCpu } from '../../infra/machine-cpu';
import type { ServiceProcess } from '../../infra/service-process';

interface CpuSample {
  services: number[];
  postgres: Map<string, number>;
  backends: Map<string, number>;
  broker: number;
}

export async function measureIdleCpu(services: ServiceProcess[], brokerPid: number | undefined, databaseUrl: string, seconds: number): Promise<Figure[]> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-idle' });
  await client.connect();
  try {
    const sample = async (): Promise<CpuSample> => ({
      services: await Promise.all(services.map((service) => service.cpuSeconds())),
      postgres: (await cpuSecondsByProcessNamed('postgres')) ?? new Map(),
      backends: await backendCpu(client),
      broker: brokerPid === undefined ? Number.NaN : ((await processCpu(brokerPid))?.cpuSeconds ?? Number.NaN),
    });
    const machineBefore = await sampleMachineCpu();
    // Only with --idle-cpu-prof: the profiler's own sampling then counts in the window's CPU.
    for (const service of services) service.startWindowProfile();
    const before = await sample();
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const after = await sample();
    for (const service of services) await service.stopWindowProfile();
    const elapsed = (Date.now() - started) / 1000;
    const machine = busyPercent(machineBefore, await sampleMachineCpu());
    const share = (cpuSeconds: number) => (100 * cpuSeconds) / elapsed;

    const perService = services.map((_, index) => share((after.services[index] ?? Number.NaN) - (before.services[index] ?? Number.NaN)));
    // A backend connected during the window would count its connection's whole life: only those seen at both ends count.
    const backends = new Map([...after.backends].filter(([pid]) => before.backends.has(pid)));
    const postgres = share(cpuSecondsSince(before.postgres, after.postgres));
    const broker = share(after.broker - before.broker);
    const window = `over ${elapsed.toFixed(0)} s with no traffic`;
    return [
      ...services.map((service, index) => ({ measure: `idle: ${service.name} CPU`, value: perService[index] ?? Number.NaN, unit: '% of a core', note: `user + system time of its process ${window}` })),
      { measure: 'idle: PostgreSQL CPU', value: postgres, unit: '% of a core', note: `every postgres process on this machine ${window} (by process: one that ended meanwhile is not counted), whatever else uses the server` },
      { measure: 'idle: PostgreSQL CPU, this database', value: share(cpuSecondsSince(before.backends, backends)), unit: '% of a core', note: "the backends connected to the scenario's database (the services' pools)" },
      ...(brokerPid === undefined ? [] : [{ measure: 'idle: broker CPU', value: broker, unit: '% of a core', note: `the Kafka broker's process (pid ${brokerPid})` }]),
      {
        measure: 'idle: all together',
        value: perService.reduce((sum, value) => sum + value, 0) + postgres + (brokerPid === undefined ? 0 : broker),
        unit: '% of a core',
        note: `the services, every postgres process${brokerPid === undefined ? ' (the broker is not on this machine)' : ' and the broker'}; target < 5 %; the machine was ${machine.toFixed(0)} % busy meanwhile (all cores, everything on it)`,
      },
    ];
  } finally {
    await client.end();
  }
}

/** CPU seconds so far of each backend connected to this database, by pid (this connection left out). */
async function backendCpu(client: Client): Promise<Map<string, number>> {
  const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  const cpu = new Map<string, number>();
  for (const { pid } of rows) {
    const found = await processCpu(pid);
    if (found) cpu.set(String(pid), found.cpuSeconds);
  }
  return cpu;
}
