// The service's connection to Kafka: one client, the topics it reads and writes (created when
// missing, as the contracts declare them, and checked for the deployment's durability; the
// dead-letter topic with its long retention), the
// producer (which also sets refused stock changes aside) and the relay that moves suggestion
// events from the outbox to forecasting.reorder-suggestions.v1.
import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { TOPICS } from '@ledgerline/contracts';
import { BrokerProbe, EventProducer, OutboxRelay, createKafkaClient, ensureTopics, prefixedTopic, topicDurabilityOf } from '@ledgerline/messaging';
import { ReadinessRegistry } from '@ledgerline/runtime';
import { FORECASTING_CONFIG, type ForecastingConfig } from '../config/forecasting.config';

@Injectable()
export class KafkaGateway implements BeforeApplicationShutdown {
  readonly kafka: Kafka;
  readonly producer: EventProducer;
  private readonly brokerProbe: BrokerProbe;
  private readonly relay: OutboxRelay;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    @Inject(FORECASTING_CONFIG) private readonly config: ForecastingConfig,
    dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `reorder-forecasting-${config.INSTANCE_ID ?? process.pid}`, requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS });
    this.producer = new EventProducer(this.kafka);
    this.brokerProbe = new BrokerProbe({ brokers: config.KAFKA_BROKERS, clientId: `reorder-forecasting-probe-${config.INSTANCE_ID ?? process.pid}` });
    this.relay = new OutboxRelay(dataSource, this.producer, {
      schema: config.DATABASE_SCHEMA,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      batchSize: config.OUTBOX_BATCH_SIZE,
      idlePollMs: config.OUTBOX_IDLE_POLL_MS,
    });
  }

  topic(name: string): string {
    return prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, name);
  }

  /** Idempotent: whoever needs Kafka first starts it. */
  start(): Promise<void> {
    this.starting ??= this.connect();
    return this.starting;
  }

  /** Called after a commit that wrote suggestion events. */
  suggestionsWritten(): void {
    this.relay.notify();
  }

  unsentSuggestions(): Promise<number> {
    return this.relay.pendingCount();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.relay.stop();
      await this.producer.disconnect().catch(() => undefined);
      await this.brokerProbe.close();
    })();
    return this.stopping;
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private async connect(): Promise<void> {
    const stockPartitions = this.config.STOCK_TOPIC_PARTITIONS;
    await ensureTopics(this.kafka, [
      { topic: this.topic(TOPICS.stockChanged.name), partitions: stockPartitions },
      { topic: this.topic(TOPICS.inventoryMovements.name), partitions: stockPartitions },
      { topic: this.topic(TOPICS.reorderSuggestions.name), partitions: this.config.SUGGESTION_TOPIC_PARTITIONS, compacted: true },
      // One partition: replays are an operator's, few and rare, and one partition keeps them in the
      // order they were sent whatever their keys. Kept as long as the dead letters: a replay the
      // archive marks done must not expire unread while the service is down.
      { topic: this.topic(TOPICS.forecastingStockChangedReplay.name), partitions: 1, retentionMs: this.config.DEAD_LETTER_RETENTION_MS },
      // Here too, not only in the archive's start: the intake may refuse a record before that ran.
      { topic: this.topic(TOPICS.forecastingStockChangedDeadLetter.name), partitions: 1, retentionMs: this.config.DEAD_LETTER_RETENTION_MS },
    ], { durability: topicDurabilityOf(this.config) });
    await this.producer.connect();
    this.relay.start();
    this.readiness.register('kafka-producer', () => ({ ready: this.producer.isConnected, detail: this.producer.isConnected ? undefined : 'disconnected' }));
    this.readiness.register('kafka-broker', () => this.brokerProbe.check());
    this.readiness.register('outbox-relay', () => {
      const { lastError } = this.relay.status();
      return { ready: lastError === undefined, detail: lastError };
    });
  }
}
