// A Kafka cluster of three brokers of its own (tools/kafka/cluster.sh) for tests that take a
// broker away while the others serve: free ports picked at run time, data under tmp/, stopped
// and deleted afterwards. The shared broker is never touched.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { kafkaSecurity } from '@ledgerline/messaging';
import { uniqueTestId } from '@ledgerline/testing';
import { isAlive } from './dedicated-broker';
import { freePort } from './ledger-process';

const REPOSITORY_ROOT = resolve(__dirname, '../../..');
const BROKER_JARS = join(REPOSITORY_ROOT, 'tools/kafka/.dist/libs');
const run = promisify(execFile);

export const CLUSTER_SIZE = 3;

/** The broker jars tools/kafka fetches; without them (no Maven run yet) there is no cluster to start. */
export function brokerJarsPresent(): boolean {
  return existsSync(BROKER_JARS) && readdirSync(BROKER_JARS).some((file) => /^kafka_2\.13-.*\.jar$/.test(file));
}

export class DedicatedCluster {
  private constructor(
    /** Client ports by node id - 1. */
    readonly ports: number[],
    private readonly environment: Record<string, string>,
    private readonly dataDir: string,
  ) {}

  static async start(label: string): Promise<DedicatedCluster> {
    const ports = new Set<number>();
    while (ports.size < 2 * CLUSTER_SIZE) ports.add(await freePort());
    const [client, controller] = [[...ports].slice(0, CLUSTER_SIZE), [...ports].slice(CLUSTER_SIZE)];
    const dataDir = join(REPOSITORY_ROOT, 'tmp', uniqueTestId(`kafka-cluster-${label}`));
    const cluster = new DedicatedCluster(
      client,
      {
        KAFKA_CLUSTER_PORTS: client.join(','),
        KAFKA_CLUSTER_CONTROLLER_PORTS: controller.join(','),
        KAFKA_CLUSTER_DATA_DIR: dataDir,
        KAFKA_HEAP_OPTS: '-Xms128m -Xmx384m',
        KAFKA_START_TIMEOUT_SECONDS: '120',
      },
      dataDir,
    );
    try {
      await cluster.script('start');
      await cluster.untilEveryNodeSeesAll();
    } catch (error) {
      await cluster.remove();
      throw error;
    }
    return cluster;
  }

  get addresses(): string[] {
    return this.ports.map((port) => `127.0.0.1:${port}`);
  }

  /** An admin client on the whole cluster (the caller disconnects it). */
  async admin(): Promise<Admin> {
    const admin = new Kafka({ ...kafkaSecurity(), clientId: uniqueTestId('cluster-admin'), brokers: this.addresses, logLevel: logLevel.NOTHING, retry: { retries: 3 } }).admin();
    await admin.connect();
    return admin;
  }

  /** The node (1..3) leading most partitions of `topic`; the lowest partition's leader breaks a tie. */
  async mainLeaderOf(topic: string): Promise<number> {
    const admin = await this.admin();
    try {
      const [{ partitions }] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      const led = new Map<number, number>();
      for (const { leader } of [...partitions!].sort((a, b) => a.partitionId - b.partitionId)) led.set(leader, (led.get(leader) ?? 0) + 1);
      return [...led].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
    } finally {
      await admin.disconnect();
    }
  }

  /** Partitions of `topics` that have `node` among their replicas but not in their in-sync set. */
  async outOfSyncReplicas(node: number, topics: string[]): Promise<string[]> {
    const admin = await this.admin();
    try {
      const metadata = (await admin.fetchTopicMetadata({ topics })).topics;
      return metadata.flatMap(({ name, partitions }) =>
        partitions.filter(({ replicas, isr }) => replicas.includes(node) && !isr.includes(node)).map(({ partitionId }) => `${name}/${partitionId}`),
      );
    } finally {
      await admin.disconnect();
    }
  }

  /** SIGSTOP of one node's JVM: its connections stay open and nothing is answered until crash(). */
  async freeze(node: number): Promise<void> {
    process.kill(await this.pidOf(node), 'SIGSTOP');
  }

  /** kill -9 of one node's JVM (node ids 1..3): no controlled shutdown, its log recovers on restart. */
  async crash(node: number): Promise<void> {
    const pid = await this.pidOf(node);
    process.kill(pid, 'SIGKILL');
    for (let waited = 0; waited < 100 && isAlive(pid); waited += 1) await new Promise((settle) => setTimeout(settle, 100));
  }

  private async pidOf(node: number): Promise<number> {
    return Number((await readFile(join(this.dataDir, `node-${node}`, 'broker.pid'), 'utf8')).trim());
  }

  /** Starts one node again and waits until it answers and every node counts it live. */
  async resume(node: number): Promise<void> {
    await this.script('start', String(node));
    await this.untilEveryNodeSeesAll();
  }

  /**
   * A node answers before its metadata lists every broker, and on a loaded machine a broker can
   * miss its heartbeats for a while after its start and be fenced (left out of the live
   * brokers). The services size their topics by the live brokers, so a test goes on only once
   * every node has listed all three twice in a row, a second apart.
   */
  async untilEveryNodeSeesAll(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.everyNodeSeesAll(deadline);
    await new Promise((settle) => setTimeout(settle, 1_000));
    await this.everyNodeSeesAll(deadline);
  }

  private async everyNodeSeesAll(deadline: number): Promise<void> {
    for (const address of this.addresses) {
      const admin = new Kafka({ ...kafkaSecurity(), clientId: uniqueTestId('cluster-probe'), brokers: [address], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        while ((await admin.describeCluster()).brokers.length < CLUSTER_SIZE) {
          if (Date.now() > deadline) throw new Error(`node at ${address} does not list all ${CLUSTER_SIZE} brokers in time`);
          await new Promise((settle) => setTimeout(settle, 200));
        }
      } finally {
        await admin.disconnect();
      }
    }
  }

  async remove(): Promise<void> {
    await this.script('stop').catch(() => undefined);
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async script(...args: string[]): Promise<void> {
    await run('bash', ['tools/kafka/cluster.sh', ...args], { cwd: REPOSITORY_ROOT, env: { ...process.env, ...this.environment }, timeout: 180_000 });
  }
}
