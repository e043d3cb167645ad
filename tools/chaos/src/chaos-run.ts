// One fault scenario's world: its own database, topic prefix and consumer group on a broker, the
// producers that play ERP and tills, and the history of every movement id they submitted and the
// broker acknowledged. It ends with the history checker, whose figures the scenario prints.
// It can run on a broker or cluster with authentication and ACLs on (ChaosRunOptions.authenticated).
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { TOPICS, createEnvelope, type InventoryMovementV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, kafkaSecurity, kafkaSecurityFrom, prefixedTopic, type KafkaSecurity } from '@ledgerline/messaging';
import { MovementHistory, checkHistory, formatHistoryReport, unpublishedOutboxRecords, type HistoryReport, type StockChangedEnvelope } from '@ledgerline/history-checker';
import { createTestDatabase, createTestTopics, readTopicUntil, testKafkaBrokers, uniqueTestId, waitFor, type AuthenticatedKafka, type TestDatabase } from '@ledgerline/testing';

export const LEDGER_SCHEMA = 'inventory_ledger';

export interface ChaosRunOptions {
  label: string;
  brokers?: string[];
  partitions?: number;
  /** A PostgreSQL server other than DATABASE_URL's, for a scenario that takes its server down. */
  databaseServerUrl?: string;
  /**
   * A broker or cluster with authentication and ACLs on (its brokers replace `brokers`): the run's
   * own clients (topic set-up, producers, checks) connect as the super user `admin`, each service
   * the run starts as its own principal, and the platform's ACLs are granted for the run's topics
   * and consumer groups.
   */
  authenticated?: AuthenticatedKafka;
}

export class ChaosRun {
  readonly history = new MovementHistory();
  private readonly producers: EventProducer[] = [];

  private constructor(
    readonly label: string,
    readonly prefix: string,
    readonly brokers: string[],
    readonly partitions: number,
    readonly database: TestDatabase,
    private checker: Client,
    /** The settings of the run's own clients: `admin` on an authenticated broker, the environment's otherwise. */
    readonly security: KafkaSecurity,
    private readonly authenticated: AuthenticatedKafka | undefined,
  ) {}

  static async open({ label, brokers = testKafkaBrokers(), partitions = 3, databaseServerUrl, authenticated }: ChaosRunOptions): Promise<ChaosRun> {
    const prefix = uniqueTestId(`chaos-${label}`);
    const runBrokers = authenticated?.brokers ?? brokers;
    const security = authenticated ? kafkaSecurityFrom(authenticated.clientEnv('admin')) : kafkaSecurity();
    const database = await createTestDatabase(`chaos-${label}`, databaseServerUrl);
    const db = await connectChecker(database.url);
    const run = new ChaosRun(label, prefix, runBrokers, partitions, database, db, security, authenticated);
    await authenticated?.acls('apply', '--topic-prefix', prefix, '--group-prefix', `inventory-ledger=${run.groupId}`, '--group-prefix', `pos-ingestion=${run.ingestionGroupId}`);
    await createTestTopics([{ topic: run.topic(TOPICS.inventoryMovements.name), partitions }], runBrokers, security);
    return run;
  }

  /** The checker's own connection to the scenario's database. */
  get db(): Client {
    return this.checker;
  }

  /** Replaces the checker's connection, after a server restart ended its session. */
  async reconnect(): Promise<void> {
    await this.checker.end().catch(() => undefined);
    this.checker = await connectChecker(this.database.url);
  }

  get groupId(): string {
    return `${this.prefix}-ledger`;
  }

  /** pos-ingestion's KAFKA_GROUP_ID in this run. */
  get ingestionGroupId(): string {
    return `${this.prefix}-pos`;
  }

  /** How a service process connects as `principal`: its SASL settings on an authenticated broker, nothing otherwise. */
  principalEnvironment(principal: string): Record<string, string> {
    return this.authenticated?.clientEnv(principal) ?? {};
  }

  /** The login role the run's ledger connects as. */
  get ledgerRole(): string {
    return decodeURIComponent(new URL(this.database.serviceEnv('inventory_ledger').DATABASE_URL).username);
  }

  topic(name: string): string {
    return prefixedTopic(this.prefix, name);
  }

  /** The ledger's environment for this run, as strings (main.ts reads them; the schema parses them). */
  ledgerEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      KAFKA_BROKERS: this.brokers.join(','),
      ...this.principalEnvironment('inventory-ledger'),
      ...this.database.serviceEnv('inventory_ledger'),
      KAFKA_TOPIC_PREFIX: this.prefix,
      KAFKA_GROUP_ID: this.groupId,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      MOVEMENTS_PARTITIONS: String(this.partitions),
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      ...overrides,
    };
  }

  /**
   * A producer playing an ERP or a till. `retries` bounds its retrying, so that a send during an
   * outage fails (and stays unacknowledged) instead of waiting for the broker to come back.
   */
  async connectProducer(name: string, { retries }: { retries?: number } = {}): Promise<EventProducer> {
    const clientId = `${this.prefix}-${name}`;
    const kafka =
      retries === undefined
        ? createKafkaClient({ brokers: this.brokers, clientId, security: this.security })
        : new Kafka({ ...this.security, clientId, brokers: this.brokers, connectionTimeout: 1_000, requestTimeout: 5_000, retry: { retries, initialRetryTime: 200, maxRetryTime: 1_000 }, logLevel: logLevel.NOTHING });
    const producer = new EventProducer(kafka);
    await producer.connect();
    this.producers.push(producer);
    return producer;
  }

  /**
   * Sends movements as one request and records them submitted, then acknowledged if the broker
   * answered. Resolves false (and records no acknowledgement) when the send failed.
   */
  async publish(producer: EventProducer, movements: InventoryMovementV1[]): Promise<boolean> {
    const ids = movements.map((movement) => movement.movementId);
    this.history.submitted(ids);
    try {
      await producer.send(
        movements.map((movement) => ({
          topic: this.topic(TOPICS.inventoryMovements.name),
          key: `${movement.sku}@${movement.locationId}`,
          value: createEnvelope(TOPICS.inventoryMovements, movement, { producer: movement.source.system, occurredAt: movement.occurredAt }),
        })),
      );
    } catch {
      return false;
    }
    this.history.acknowledged(ids);
    return true;
  }

  /** Records not yet consumed by the ledger's group: end offsets minus committed offsets. */
  async consumerLag(): Promise<number> {
    const admin = createKafkaClient({ brokers: this.brokers, clientId: `${this.prefix}-lag`, security: this.security }).admin();
    await admin.connect();
    try {
      const topic = this.topic(TOPICS.inventoryMovements.name);
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId: this.groupId, topics: [topic] });
      const committedByPartition = new Map((committed?.partitions ?? []).map(({ partition, offset }) => [partition, Math.max(Number(offset), 0)]));
      return ends.reduce((lag, { partition, high }) => lag + Number(high) - (committedByPartition.get(partition) ?? 0), 0);
    } finally {
      await admin.disconnect();
    }
  }

  async scalar(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.db.query<{ n: string | number }>(sql, params);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Opens a transaction on the checker's connection that locks the balances of `keys`
   * ("SKU@location"), and waits up to `timeoutMs` for ledger batches to wait for one of them inside
   * their write (a transaction id taken, a row lock awaited). Returns how many wait. The
   * transaction stays open: the caller ends it (ROLLBACK), or a server restart does.
   */
  async holdBalancesUntilABatchWaits(keys: readonly string[], timeoutMs: number): Promise<number> {
    const held = keys.map((key) => key.split('@') as [string, string]);
    await this.db.query('BEGIN');
    try {
      await this.db.query(
        `SELECT 1 FROM ${LEDGER_SCHEMA}.stock_balance b JOIN unnest($1::text[], $2::text[]) AS k(sku, location_id) USING (sku, location_id) FOR UPDATE OF b`,
        [held.map(([sku]) => sku), held.map(([, locationId]) => locationId)],
      );
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // Inside a transaction pg_stat_activity is read once and then kept: each look must refresh it.
        await this.db.query('SELECT pg_stat_clear_snapshot()');
        const waiting = await this.scalar(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = $1 AND application_name = 'inventory-ledger' AND backend_xid IS NOT NULL AND wait_event_type = 'Lock'`,
          [this.database.name],
        );
        if (waiting > 0 || Date.now() >= deadline) return waiting;
        await new Promise((settle) => setTimeout(settle, 10));
      }
    } catch (error) {
      await this.db.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Waits until every acknowledged movement is in the ledger and its outbox is published. */
  async waitUntilSettled(timeoutMs = 60_000, isDeadLettered: (movementId: string) => boolean = () => false): Promise<void> {
    const expected = this.history.acknowledgedIds().filter((id) => !isDeadLettered(id));
    await waitFor(
      async () => {
        const applied = await this.scalar(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.movement WHERE movement_id = ANY($1::text[])`, [expected]).catch(() => -1);
        if (applied !== expected.length) return undefined;
        return (await unpublishedOutboxRecords(this.db, LEDGER_SCHEMA)) === 0 ? true : undefined;
      },
      { timeoutMs, intervalMs: 250, description: `${this.label}: all ${expected.length} acknowledged movements applied and the outbox published` },
    );
  }

  /** Reads stock-changed as an ERP would, runs the history checker and prints its figures. */
  async check(): Promise<HistoryReport> {
    const ledgerMovements = await this.scalar(`SELECT count(*) AS n FROM ${LEDGER_SCHEMA}.movement`);
    // Asked after every message with all read so far: only the new ones are decoded, or a run of
    // thousands of events would decode millions of times and not finish in time.
    const eventIds = new Set<string>();
    let decoded = 0;
    const messages = await readTopicUntil(
      this.topic(TOPICS.stockChanged.name),
      (read) => {
        for (; decoded < read.length; decoded++) eventIds.add((JSON.parse(read[decoded]!.value!) as StockChangedEnvelope).eventId);
        return eventIds.size >= ledgerMovements;
      },
      { timeoutMs: 60_000, brokers: this.brokers, security: this.security },
    );
    const report = await checkHistory({
      history: this.history,
      db: this.db,
      schema: LEDGER_SCHEMA,
      stockChanged: messages.map((message) => JSON.parse(message.value!) as StockChangedEnvelope),
    });
    console.log(formatHistoryReport(this.label, report));
    return report;
  }

  async close(): Promise<void> {
    await Promise.all(this.producers.map((producer) => producer.disconnect().catch(() => undefined)));
    await this.db.end().catch(() => undefined);
    await this.database.drop();
  }
}

async function connectChecker(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'chaos-checker' });
  // An idle client whose server goes away emits 'error'; unheard, that would end the test run.
  // Its queries fail from then on, and reconnect() gives the scenario a fresh one.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
