// Reads the watched topics into the dashboard's memory. The consumer group is new for every
// subscription and never commits, so each start (and each time a topic appears) reads the
// compacted state from the beginning again; alerts and dead letters are read from near their end.
// Topics that do not exist yet (their service never ran) are skipped until they appear.
import type { Consumer, Kafka } from 'kafkajs';
import type { TopicName } from '@ledgerline/contracts';
import { heartbeatIntervalFor } from '@ledgerline/messaging';
import { JsonLogger } from '@ledgerline/runtime';
import { STATE_TOPICS, TAIL_TOPICS, type TopicNames } from './watched-topics';

const SESSION_TIMEOUT_MS = 30_000;

export type RecordHandler = (topic: TopicName, key: string | null, value: Buffer | null) => void;
export type EndOffsets = (topic: TopicName) => ReadonlyArray<{ partition: number; low: string; high: string }> | undefined;

export class TopicFeed {
  private readonly logger = new JsonLogger('TopicFeed');
  private consumer: Consumer | undefined;
  private subscribed: readonly string[] = [];
  private generation = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly names: TopicNames,
    private readonly groupPrefix: string,
    private readonly tailSize: number,
    /** How long the broker may hold a fetch that finds nothing new: the page updates no faster anyway. */
    private readonly fetchMaxWaitMs: number,
    private readonly onRecord: RecordHandler,
  ) {}

  /** Subscribes to the watched topics that exist; resubscribes when that set changed. */
  async follow(existingTopics: ReadonlySet<string>, endOffsets: EndOffsets): Promise<void> {
    const wanted = [...STATE_TOPICS, ...TAIL_TOPICS].filter((topic) => existingTopics.has(this.names.prefixed(topic)));
    if (wanted.length === this.subscribed.length && wanted.every((topic) => this.subscribed.includes(topic))) return;
    await this.stop();
    if (wanted.length === 0) return;

    this.generation += 1;
    const consumer = this.kafka.consumer({
      groupId: `${this.groupPrefix}-${this.generation}`,
      maxWaitTimeInMs: this.fetchMaxWaitMs,
      sessionTimeout: SESSION_TIMEOUT_MS,
      // The group has this one member: a heartbeat only keeps it alive, so it may be rare.
      heartbeatInterval: heartbeatIntervalFor(SESSION_TIMEOUT_MS, this.fetchMaxWaitMs),
    });
    await consumer.connect();
    await consumer.subscribe({ topics: wanted.map((topic) => this.names.prefixed(topic)), fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, message }) => {
        const name = this.names.platformName(topic);
        if (name) this.onRecord(name, message.key?.toString('utf8') ?? null, message.value);
      },
    });
    for (const topic of wanted.filter((name) => TAIL_TOPICS.includes(name))) {
      for (const { partition, low, high } of endOffsets(topic) ?? []) {
        const from = BigInt(high) - BigInt(this.tailSize);
        consumer.seek({ topic: this.names.prefixed(topic), partition, offset: String(from > BigInt(low) ? from : BigInt(low)) });
      }
    }
    this.consumer = consumer;
    this.subscribed = wanted;
    this.logger.info('reading topics', { topics: wanted, groupId: `${this.groupPrefix}-${this.generation}` });
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    this.subscribed = [];
    await consumer?.disconnect().catch(() => undefined);
  }
}
