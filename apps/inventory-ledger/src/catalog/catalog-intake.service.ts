// Keeps the catalog facts the ledger needs (low-stock threshold, active) from catalog.items.v1.
// The topic is compacted and read by its own consumer group from the beginning, so a new ledger
// database learns the whole catalog; upserts keep the newest version by the catalog's updatedAt,
// which makes redelivery and replay harmless.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, decodeEvent, type TopicValue } from '@ledgerline/contracts';
import { BatchConsumer, EventProducer, KafkaDeadLetterSink, createKafkaClient, ensureTopics, prefixedTopic, topicDurabilityOf } from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, exitForRestart } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { LedgerSql } from '../persistence/ledger-sql';
import { applyCatalogItems } from './catalog-items';

type CatalogItemEnvelope = TopicValue<'catalog.items.v1'>;

@Injectable()
export class CatalogIntakeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('CatalogIntake');
  private readonly kafka;
  private readonly producer;
  private readonly sql: LedgerSql;
  private consumer: BatchConsumer<CatalogItemEnvelope> | undefined;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `inventory-ledger-catalog-${config.INSTANCE_ID ?? process.pid}`, requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS });
    this.producer = new EventProducer(this.kafka);
    this.sql = new LedgerSql(config.DATABASE_SCHEMA);
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = (name: string) => prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, name);
    await ensureTopics(this.kafka, [
      { topic: topic(TOPICS.catalogItems.name), partitions: this.config.CATALOG_PARTITIONS, compacted: true },
      { topic: topic(TOPICS.catalogLocations.name), partitions: this.config.CATALOG_PARTITIONS, compacted: true },
      { topic: topic(TOPICS.inventoryMovementsDeadLetter.name), partitions: 1, retentionMs: this.config.DEAD_LETTER_RETENTION_MS },
    ], { durability: topicDurabilityOf(this.config) });
    await this.producer.connect();
    this.consumer = new BatchConsumer<CatalogItemEnvelope>({
      name: 'ledger-catalog',
      kafka: this.kafka,
      groupId: `${this.config.KAFKA_GROUP_ID}.catalog`,
      topics: [topic(TOPICS.catalogItems.name)],
      fromBeginning: true,
      decode: (record) => {
        const result = decodeEvent(TOPICS.catalogItems, record.value);
        return result.ok ? result : { ...result, errors: [...result.errors] };
      },
      handle: async (records) => {
        const items = records.map(({ value: { payload } }) => ({
          sku: payload.sku,
          description: payload.description,
          lowStockThreshold: payload.lowStockThreshold,
          active: payload.active,
          updatedAt: payload.updatedAt,
        }));
        const changed = await applyCatalogItems(this.dataSource, this.sql, items);
        this.logger.debug('catalog items applied', { received: items.length, changed });
      },
      // Catalog records the ledger cannot read go to the ledger's dead-letter topic with the reason.
      deadLetters: new KafkaDeadLetterSink(this.producer, () => topic(TOPICS.inventoryMovementsDeadLetter.name), 'inventory-ledger'),
      onFatal: (error) => exitForRestart(this.logger, 'catalog consumer stopped for good', error),
    });
    this.readiness.register('catalog-consumer', () => this.consumer?.readiness() ?? { ready: false, detail: 'not started' });
    await this.consumer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
  }
}
