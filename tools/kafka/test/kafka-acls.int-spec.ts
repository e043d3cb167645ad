// The platform's ACLs on a real broker with SASL/SCRAM over TLS: each principal produces to and
// reads from what it needs, in its own consumer groups, and is refused what it must not
// (TOPIC_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED); a wrong password is refused before
// anything; reorder-forecasting replays its dead letters with its own principal, to its own replay
// topic. The broker is started for this suite alone (SecureBroker) and the ACLs granted with
// tools/kafka/acls.sh, as an operator would.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { TOPIC_LIST, TOPICS, deadLetterV1Examples } from '@ledgerline/contracts';
import { DeadLetterArchive, REPLAY_HEADER, kafkaSecurityFrom, prefixedTopic, type ReplayOutcome } from '@ledgerline/messaging';
import { openOwnerDatabase } from '@ledgerline/runtime';
import { REPOSITORY_ROOT, SecureBroker, createTestDatabase, readTopicUntil, uniqueTestId, waitFor } from '@ledgerline/testing';
import { aclEntryOf } from '../src/acl-admin';

const run = promisify(execFile);

// Starting a broker with TLS (its CA and certificate made first) takes long on a busy machine.
jest.setTimeout(120_000);
const BROKER_START_MS = 300_000;

describe('Kafka authentication and ACLs (SASL/SCRAM over TLS)', () => {
  const prefix = uniqueTestId('acls');
  const topic = (name: string) => prefixedTopic(prefix, name);
  let broker: SecureBroker;
  const consumers: Consumer[] = [];

  const clientOf = (principal: string, env: Record<string, string> = broker.clientEnv(principal)) =>
    new Kafka({ ...kafkaSecurityFrom(env), clientId: uniqueTestId(principal), brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 1, initialRetryTime: 100 } });

  beforeAll(async () => {
    broker = await SecureBroker.start('acls', { tls: true });
    await broker.acls('apply', '--topic-prefix', prefix);
    const admin = clientOf('admin').admin();
    await admin.connect();
    await admin.createTopics({ topics: TOPIC_LIST.map(({ name }) => ({ topic: topic(name), numPartitions: 1 })), waitForLeaders: true });
    // The first group lookup creates the offsets topic; a reader must not meet it half made.
    await waitFor(() => admin.fetchOffsets({ groupId: 'warm-up', topics: [topic(TOPICS.alerts.name)] }).then(() => true, () => undefined), { timeoutMs: 60_000, description: 'the group coordinator' });
    await admin.disconnect();
  }, BROKER_START_MS);

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect().catch(() => undefined)));
    await broker?.stop();
  });

  /**
   * kafkajs reports a group the broker refused to look up only as "Failed to find group
   * coordinator"; the broker's authorizer log says what it refused, so the outcome is taken from there.
   */
  async function refusedGroup(principal: string, groupId: string): Promise<boolean> {
    const denied = `Principal = User:${principal} is Denied operation = DESCRIBE from host = 127.0.0.1 on resource = Group:LITERAL:${groupId} `;
    return (await broker.denials()).some((line) => line.includes(denied));
  }

  async function produce(principal: string, name: string): Promise<string> {
    const producer = clientOf(principal).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await producer.send({ topic: topic(name), messages: [{ key: 'k', value: `{"by":"${principal}"}` }] });
      return 'allowed';
    } catch (error) {
      return errorType(error);
    } finally {
      await producer.disconnect();
    }
  }

  /** Reads one record of `name` in group `groupId`; the refusal's type otherwise. */
  async function readOne(principal: string, name: string, groupId: string): Promise<string> {
    const consumer = clientOf(principal).consumer({ groupId, maxWaitTimeInMs: 100, retry: { retries: 0, restartOnFailure: async () => false } });
    consumers.push(consumer);
    let refusal: string | undefined;
    let received = false;
    consumer.on(consumer.events.CRASH, ({ payload }) => (refusal ??= errorType(payload.error)));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic(name)], fromBeginning: true });
      await consumer.run({ eachMessage: async () => void (received = true) });
      return await waitFor(async () => (received ? 'allowed' : refusal), { timeoutMs: 30_000, description: `${principal} reading ${name} as ${groupId}` });
    } catch (error) {
      return refusal ?? errorType(error);
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  }

  it('refuses a wrong password and an unknown user', async () => {
    const wrong = { ...broker.clientEnv('erp'), KAFKA_SASL_PASSWORD_FILE: '', KAFKA_SASL_PASSWORD: 'not-the-password' };
    await expect(clientOf('erp', wrong).admin().connect()).rejects.toThrow(/authentication failed/i);
    const unknown = { ...broker.clientEnv('erp'), KAFKA_SASL_USERNAME: 'mallory' };
    await expect(clientOf('mallory', unknown).admin().connect()).rejects.toThrow(/authentication failed/i);
  });

  it('lets each principal write only the topics it produces', async () => {
    const cases: Array<[string, string, string]> = [
      ['pos-ingestion', TOPICS.inventoryMovements.name, 'allowed'],
      ['pos-ingestion', TOPICS.posTransactionsDeadLetter.name, 'allowed'],
      ['pos-ingestion', TOPICS.stockLevels.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['pos-ingestion', TOPICS.stockChanged.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['inventory-ledger', TOPICS.stockChanged.name, 'allowed'],
      ['inventory-ledger', TOPICS.stockLevels.name, 'allowed'],
      ['inventory-ledger', TOPICS.alerts.name, 'allowed'],
      ['erp', TOPICS.inventoryMovements.name, 'allowed'],
      ['erp', TOPICS.catalogItems.name, 'allowed'],
      ['erp', TOPICS.catalogLocations.name, 'allowed'],
      ['erp', TOPICS.purchaseOrderCosts.name, 'allowed'],
      ['wms', TOPICS.purchaseOrderCosts.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['erp', TOPICS.stockChanged.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['erp', TOPICS.stockLevels.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['erp', TOPICS.reorderSuggestions.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['erp', TOPICS.inventoryMovementsDeadLetter.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['wms', TOPICS.inventoryMovements.name, 'allowed'],
      ['wms', TOPICS.catalogItems.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['pos', TOPICS.posTransactionsRaw.name, 'allowed'],
      ['pos', TOPICS.inventoryMovements.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['reorder-forecasting', TOPICS.reorderSuggestions.name, 'allowed'],
      ['reorder-forecasting', TOPICS.forecastingStockChangedReplay.name, 'allowed'],
      ['reorder-forecasting', TOPICS.stockChanged.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['inventory-ledger', TOPICS.forecastingStockChangedReplay.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['erp', TOPICS.forecastingStockChangedReplay.name, 'TOPIC_AUTHORIZATION_FAILED'],
      ['ops-dashboard', TOPICS.alerts.name, 'TOPIC_AUTHORIZATION_FAILED'],
    ];
    const outcomes: Array<[string, string, string]> = [];
    for (const [principal, name] of cases) outcomes.push([principal, name, await produce(principal, name)]);
    expect(outcomes).toEqual(cases);
  });

  it('lets each principal read what it consumes in its own groups, and nothing else', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['inventory-ledger', TOPICS.inventoryMovements.name, 'inventory-ledger', 'allowed'],
      ['inventory-ledger', TOPICS.purchaseOrderCosts.name, 'inventory-ledger.purchase-order-costs', 'allowed'],
      ['reorder-forecasting', TOPICS.purchaseOrderCosts.name, 'reorder-forecasting', 'TOPIC_AUTHORIZATION_FAILED'],
      ['reorder-forecasting', TOPICS.stockChanged.name, 'reorder-forecasting', 'allowed'],
      ['reorder-forecasting', TOPICS.forecastingStockChangedReplay.name, 'reorder-forecasting', 'allowed'],
      ['ops-dashboard', TOPICS.alerts.name, `${prefix}.ops-dashboard-view-1`, 'allowed'],
      ['erp', TOPICS.stockChanged.name, 'erp-purchasing', 'allowed'],
      ['pos-ingestion', TOPICS.stockChanged.name, 'pos-ingestion-ledger-transfers', 'allowed'],
      ['pos-ingestion', TOPICS.catalogItems.name, 'pos-ingestion-catalog-items', 'allowed'],
      ['pos-ingestion', TOPICS.catalogLocations.name, 'pos-ingestion-catalog-locations', 'allowed'],
      // Another service's group: refused, whatever the topic.
      ['erp', TOPICS.stockChanged.name, 'reorder-forecasting', 'GROUP_AUTHORIZATION_FAILED'],
      ['ops-dashboard', TOPICS.alerts.name, 'inventory-ledger', 'GROUP_AUTHORIZATION_FAILED'],
      // Its own group, a topic it has no business reading.
      ['pos-ingestion', TOPICS.stockLevels.name, 'pos-ingestion', 'TOPIC_AUTHORIZATION_FAILED'],
      ['reorder-forecasting', TOPICS.catalogLocations.name, 'reorder-forecasting', 'TOPIC_AUTHORIZATION_FAILED'],
      ['ops-dashboard', TOPICS.forecastingStockChangedReplay.name, `${prefix}.ops-dashboard-view-2`, 'TOPIC_AUTHORIZATION_FAILED'],
      ['erp', TOPICS.forecastingStockChangedReplay.name, 'erp-purchasing', 'TOPIC_AUTHORIZATION_FAILED'],
    ];
    const outcomes: Array<[string, string, string, string]> = [];
    for (const [principal, name, groupId] of cases) {
      const outcome = await readOne(principal, name, groupId);
      outcomes.push([principal, name, groupId, outcome === 'Failed to find group coordinator' && (await refusedGroup(principal, groupId)) ? 'GROUP_AUTHORIZATION_FAILED' : outcome]);
    }
    expect(outcomes).toEqual(cases);
  });

  it("lets pos-ingestion see where its catalog groups stand against the topics' ends (whether its catalog copy is caught up)", async () => {
    const admin = clientOf('pos-ingestion').admin();
    await admin.connect();
    try {
      for (const [name, groupId] of [[TOPICS.catalogItems.name, 'pos-ingestion-catalog-items'], [TOPICS.catalogLocations.name, 'pos-ingestion-catalog-locations']] as const) {
        expect(await admin.fetchTopicOffsets(topic(name))).toHaveLength(1);
        expect(await admin.fetchOffsets({ groupId, topics: [topic(name)] })).toEqual([{ topic: topic(name), partitions: [expect.objectContaining({ partition: 0 })] }]);
      }
    } finally {
      await admin.disconnect();
    }
  });

  it("lets reorder-forecasting replay a dead letter with its own principal, to its replay topic and not to the ledger's stock-changed", async () => {
    const database = await createTestDatabase('acls-forecasting-replay');
    const schema = 'reorder_forecasting';
    const env = { ...process.env, ...database.serviceEnv(schema), ...broker.clientEnv('reorder-forecasting'), KAFKA_BROKERS: broker.brokers.join(','), LOG_LEVEL: 'warn' };
    const command = async <T>(...args: string[]): Promise<T> => {
      const { stdout } = await run('node', ['-r', './tools/ts-register.cjs', 'apps/reorder-forecasting/src/cli/dead-letters.ts', ...args], { cwd: REPOSITORY_ROOT, env });
      return JSON.parse(stdout) as T;
    };
    try {
      // The service's schema as a deployment migrates it; then a stock change it refused, archived.
      await run('node', ['-r', './tools/ts-register.cjs', 'apps/reorder-forecasting/src/migrate.ts'], { cwd: REPOSITORY_ROOT, env });
      const owner = await openOwnerDatabase({ url: database.url, ownerUrl: database.url, schema, entities: [], migrations: [], poolSize: 1, applicationName: 'acls-forecasting-replay' });
      const stockChanged = topic(TOPICS.stockChanged.name);
      const eventId = `dead-letter:${stockChanged}:0:41`;
      const value = JSON.stringify(TOPICS.stockChanged.examples[0]!.value);
      try {
        const letter = { ...deadLetterV1Examples.forecasting, originalTopic: stockChanged, originalPartition: 0, originalOffset: '41', originalKey: 'COFFEE-1KG@S001', originalValue: value, originalValueEncoding: 'utf8' as const, originalHeaders: { traceparent: 't-41' } };
        await new DeadLetterArchive(owner, schema).archive([{ eventId, deadLetterTopic: topic(TOPICS.forecastingStockChangedDeadLetter.name), letter }]);
      } finally {
        await owner.destroy();
      }

      const replayTopic = topic(TOPICS.forecastingStockChangedReplay.name);
      expect(await command<ReplayOutcome>('replay', eventId, '--by', 'operator')).toEqual({ eventId, topic: replayTopic, key: 'COFFEE-1KG@S001', edited: false });
      const security = kafkaSecurityFrom(broker.clientEnv('admin'));
      const replayed = await readTopicUntil(replayTopic, (read) => read.some((record) => record.headers[REPLAY_HEADER] === eventId), { brokers: broker.brokers, security });
      expect(replayed.filter((record) => record.headers[REPLAY_HEADER] === eventId).map(({ key, value: sent, headers }) => ({ key, sent, headers }))).toEqual([
        { key: 'COFFEE-1KG@S001', sent: value, headers: { traceparent: 't-41', [REPLAY_HEADER]: eventId } },
      ]);
      expect(await command('show', eventId)).toMatchObject({ status: 'replayed', replayCount: 1, lastActionBy: 'operator' });
    } finally {
      await database.drop();
    }
  });

  it('lets no service principal create a topic it does not use, and no one but the super users change ACLs', async () => {
    const admin = clientOf('pos-ingestion').admin();
    await admin.connect();
    try {
      await expect(admin.createTopics({ topics: [{ topic: topic('not-ours.v1') }] })).rejects.toMatchObject({ errors: [expect.objectContaining({ type: 'TOPIC_AUTHORIZATION_FAILED' })] });
      await expect(admin.fetchOffsets({ groupId: 'inventory-ledger' })).rejects.toThrow('Failed to find group coordinator');
      expect(await refusedGroup('pos-ingestion', 'inventory-ledger')).toBe(true);
      const selfGrant = aclEntryOf({ principal: 'pos-ingestion', resource: 'TOPIC', name: topic(TOPICS.stockLevels.name), pattern: 'LITERAL', operation: 'WRITE' });
      await expect(admin.createAcls({ acl: [selfGrant] })).rejects.toMatchObject({ type: 'CLUSTER_AUTHORIZATION_FAILED' });
    } finally {
      await admin.disconnect();
    }
  });
});

function errorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { type, errors, cause, originalError } = error as { type?: string; errors?: unknown[]; cause?: unknown; originalError?: unknown };
  if (typeof type === 'string' && type !== 'UNKNOWN') return type;
  const inner = errors?.[0] ?? originalError ?? cause;
  return inner === undefined ? (error instanceof Error ? error.message : String(error)) : errorType(inner);
}
