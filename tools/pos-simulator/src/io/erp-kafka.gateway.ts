// The simulated ERP's Kafka connection: makes sure the topics it writes exist, publishes its
// records through the platform's EventProducer, and listens to reorder suggestions (waiting for
// reorder-forecasting to create that topic if it has not yet).
import type { Consumer, Kafka } from 'kafkajs';
import { TOPICS, decodeEvent, type ReorderSuggestionV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, ensureTopics, prefixedTopic } from '@ledgerline/messaging';
import type { ErpRecord } from '../generation/erp-movements';

const PUBLISH_CHUNK = 500;

export interface ErpKafkaOptions {
  readonly brokers: string[];
  readonly topicPrefix: string;
  readonly clientId: string;
  /** Consumer group of the purchasing listener; stable, so a restart does not reorder old advice. */
  readonly purchasingGroupId: string;
  readonly movementPartitions?: number;
}

export class ErpKafkaGateway {
  private readonly kafka: Kafka;
  private readonly producer: EventProducer;
  private consumer: Consumer | undefined;
  private stopped = false;

  constructor(private readonly options: ErpKafkaOptions) {
    this.kafka = createKafkaClient({ brokers: options.brokers, clientId: options.clientId });
    this.producer = new EventProducer(this.kafka);
  }

  readonly topic = (name: string): string => prefixedTopic(this.options.topicPrefix, name);

  async connect(): Promise<void> {
    await ensureTopics(this.kafka, [
      { topic: this.topic(TOPICS.catalogItems.name), partitions: 3, compacted: true },
      { topic: this.topic(TOPICS.catalogLocations.name), partitions: 1, compacted: true },
      { topic: this.topic(TOPICS.inventoryMovements.name), partitions: this.options.movementPartitions ?? 6 },
    ]);
    await this.producer.connect();
  }

  async publish(records: readonly ErpRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += PUBLISH_CHUNK) {
      await this.producer.send(records.slice(start, start + PUBLISH_CHUNK).map((record) => ({ ...record })));
    }
  }

  /**
   * Calls `onSuggestion` for every valid suggestion; invalid records are skipped with a warning
   * (the ERP is a reader here, not the owner of the topic's dead letters).
   */
  async listenToSuggestions(onSuggestion: (suggestion: ReorderSuggestionV1) => Promise<void>, onProblem: (message: string) => void): Promise<void> {
    const topic = this.topic(TOPICS.reorderSuggestions.name);
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      while (!this.stopped && !(await admin.listTopics()).includes(topic)) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    } finally {
      await admin.disconnect();
    }
    if (this.stopped) return;
    this.consumer = this.kafka.consumer({ groupId: this.options.purchasingGroupId, maxWaitTimeInMs: 200 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topic], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value === null) return;
        const decoded = decodeEvent(TOPICS.reorderSuggestions, message.value);
        if (!decoded.ok) {
          onProblem(`skipped a reorder suggestion: ${decoded.reason}`);
          return;
        }
        await onSuggestion(decoded.value.payload);
      },
    });
  }

  async disconnect(): Promise<void> {
    this.stopped = true;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
  }
}
