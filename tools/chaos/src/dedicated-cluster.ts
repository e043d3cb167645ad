// A Kafka cluster of three brokers of its own (tools/kafka/cluster.sh) for tests that take a
// broker away while the others serve: free ports picked at run time, data under tmp/, stopped
// and deleted afterwards. The shared broker is never touched. Started with `authenticated`, every
// node takes SASL/SCRAM only (the nodes authenticate each other too) and refuses what no ACL
// allows; the cluster's own probes connect as the super user `admin`, and a test grants the
// platform's ACLs (acls()) and gives each service process its principal (clientEnv()).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { kafkaSecurity, kafkaSecurityFrom, type KafkaSecurity } from '@ledgerline/messaging';
import { authorizerDenials, scramClientEnv, uniqueTestId, type AuthenticatedKafka } from '@ledgerline/testing';
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

export interface DedicatedClusterOptions {
  /** SASL/SCRAM-SHA-512 on every listener and the StandardAuthorizer (KAFKA_AUTH=scram). */
  authenticated?: boolean;
}

export class DedicatedCluster implements AuthenticatedKafka {
  private adminSecurity: KafkaSecurity | undefined;

  private constructor(
    /** Client ports by node id - 1. */
    readonly ports: number[],
    readonly authenticated: boolean,
    private readonly environment: Record<string, string>,
    private readonly dataDir: string,
  ) {}

  static async start(label: string, { authenticated = false }: DedicatedClusterOptions = {}): Promise<DedicatedCluster> {
    const ports = new Set<number>();
    while (ports.size < 2 * CLUSTER_SIZE) ports.add(await freePort());
    const [client, controller] = [[...ports].slice(0, CLUSTER_SIZE), [...ports].slice(CLUSTER_SIZE)];
    const dataDir = join(REPOSITORY_ROOT, 'tmp', uniqueTestId(`kafka-cluster-${label}`));
    const cluster = new DedicatedCluster(
      client,
      authenticated,
      {
        KAFKA_CLUSTER_PORTS: client.join(','),
        KAFKA_CLUSTER_CONTROLLER_PORTS: controller.join(','),
        KAFKA_CLUSTER_DATA_DIR: dataDir,
        KAFKA_HEAP_OPTS: '-Xms128m -Xmx384m',
        KAFKA_START_TIMEOUT_SECONDS: '120',
        KAFKA_AUTH: authenticated ? 'scram' : 'none',
        KAFKA_TLS: 'false',
      },
      dataDir,
    );
    try {
      await cluster.script('cluster.sh', 'start');
      await cluster.untilEveryNodeSeesAll();
    } catch (error) {
      await cluster.remove();
      throw error;
    }
    return cluster;
  }

  /** How the cluster's own clients (and a test's checks) connect: as the super user `admin` when authenticated. */
  get security(): KafkaSecurity {
    this.adminSecurity ??= this.authenticated ? kafkaSecurityFrom(this.clientEnv('admin')) : kafkaSecurity();
    return this.adminSecurity;
  }

  get brokers(): string[] {
    return this.addresses;
  }

  /** The environment a client or service process needs to connect as `principal` (authenticated clusters only). */
  clientEnv(principal: string): Record<string, string> {
    if (!this.authenticated) throw new Error('the cluster was started without authentication: it has no principals');
    return scramClientEnv({ brokers: this.addresses, secretsDir: join(this.dataDir, 'secrets'), tls: false }, principal);
  }

  /** tools/kafka/acls.sh against the cluster, as `admin`, e.g. ['apply', '--topic-prefix', prefix]. */
  async acls(...args: string[]): Promise<string> {
    return this.script('acls.sh', ...args);
  }

  /** The requests every node's authorizer refused, from the first start on (a restart appends). */
  async denials(): Promise<string[]> {
    return authorizerDenials(Array.from({ length: CLUSTER_SIZE }, (_, index) => join(this.dataDir, `node-${index + 1}`)));
  }

  get addresses(): string[] {
    return this.ports.map((port) => `127.0.0.1:${port}`);
  }

  /** An admin client on the whole cluster (the caller disconnects it). */
  async admin(): Promise<Admin> {
    const admin = new Kafka({ ...this.security, clientId: uniqueTestId('cluster-admin'), brokers: this.addresses, logLevel: logLevel.NOTHING, retry: { retries: 3 } }).admin();
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
    await this.script('cluster.sh', 'start', String(node));
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
      const admin = new Kafka({ ...this.security, clientId: uniqueTestId('cluster-probe'), brokers: [address], logLevel: logLevel.NOTHING }).admin();
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
    await this.script('cluster.sh', 'stop').catch(() => undefined);
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async script(name: 'cluster.sh' | 'acls.sh', ...args: string[]): Promise<string> {
    const env = { ...process.env, ...this.environment, KAFKA_BROKERS: this.addresses.join(','), KAFKA_SECRETS_DIR: join(this.dataDir, 'secrets') };
    const { stdout } = await run('bash', [join('tools/kafka', name), ...args], { cwd: REPOSITORY_ROOT, env, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  }
}
