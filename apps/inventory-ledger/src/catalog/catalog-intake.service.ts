// Keeps the catalog facts the ledger needs from catalog.items.v1 (low-stock threshold, active) and
// catalog.locations.v1 (region, active). Both topics are compacted and each is read by its own
// consumer group from the beginning, so a new ledger database learns the whole catalog; upserts
// keep the newest version by the catalog's updatedAt, which makes redelivery and replay harmless.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, decodeEvent, type TopicValue } from '@ledgerline/contracts';
import { BatchConsumer, EventProducer, KafkaDeadLetterSink, createKafkaClient, ensureTopics, prefixedTopic, topicDurabilityOf } from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, exitForRestart } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { LedgerSql } from '../persistence/ledger-sql';
import { applyCatalogItems } from './catalog-items';

type CatalogItemEnvelope = TopicValue<'catalog.items.v1'>;
type CatalogLocationEnvelope = TopicValue<'catalog.locations.v1'>;

@Injectable()
export class CatalogIntakeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('CatalogIntake');
  private readonly kafka;
  private readonly producer;
  private readonly sql: LedgerSql;
  private consumer: BatchConsumer<CatalogItemEnvelope> | undefined;
  private locationConsumer: BatchConsumer<CatalogLocationEnvelope> | undefined;

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
    this.consumer = this.catalogConsumer<CatalogItemEnvelope>('ledger-catalog', 'catalog', TOPICS.catalogItems, async (payloads) => {
      const items = payloads.map((payload) => ({
        sku: payload.sku,
        description: payload.description,
        lowStockThreshold: payload.lowStockThreshold,
        active: payload.active,
        updatedAt: payload.updatedAt,
      }));
      const changed = await applyCatalogItems(this.dataSource, this.sql, items);
      this.logger.debug('catalog items applied', { received: items.length, changed });
    });
    this.readiness.register('catalog-consumer', () => this.consumer?.readiness() ?? { ready: false, detail: 'not started' });
    this.locationConsumer = this.catalogConsumer<CatalogLocationEnvelope>('ledger-catalog-locations', 'catalog-locations', TOPICS.catalogLocations, async (payloads) => {
      const locations = payloads.map((payload) => ({
        locationId: payload.locationId,
        name: payload.name,
        kind: payload.kind,
        region: payload.region ?? null,
        active: payload.active,
        updatedAt: payload.updatedAt,
      }));
      const changed = await this.sql.upsertLocationSettings(this.dataSource.manager, locations);
      this.logger.debug('catalog locations applied', { received: locations.length, changed });
    });
    this.readiness.register('catalog-location-consumer', () => this.locationConsumer?.readiness() ?? { ready: false, detail: 'not started' });
    await Promise.all([this.consumer.start(), this.locationConsumer.start()]);
  }

  /**
   * A consumer of one compacted catalog topic from its beginning, in a group of its own. Records
   * the ledger cannot read go to the ledger's dead-letter topic with the reason.
   */
  private catalogConsumer<V extends CatalogItemEnvelope | CatalogLocationEnvelope>(
    name: string,
    groupSuffix: string,
    definition: typeof TOPICS.catalogItems | typeof TOPICS.catalogLocations,
    apply: (payloads: Array<V['payload']>) => Promise<void>,
  ): BatchConsumer<V> {
    const topic = (topicName: string) => prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, topicName);
    return new BatchConsumer<V>({
      name,
      kafka: this.kafka,
      groupId: `${this.config.KAFKA_GROUP_ID}.${groupSuffix}`,
      topics: [topic(definition.name)],
      fromBeginning: true,
      decode: (record) => {
        const result = decodeEvent(definition, record.value);
        // The definition given is the one of V's topic.
        return result.ok ? { ok: true, value: result.value as V } : { ...result, errors: [...result.errors] };
      },
      handle: (records) => apply(records.map(({ value }) => value.payload)),
      deadLetters: new KafkaDeadLetterSink(this.producer, () => topic(TOPICS.inventoryMovementsDeadLetter.name), 'inventory-ledger'),
      onFatal: (error) => exitForRestart(this.logger, `${name} consumer stopped for good`, error),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.consumer?.stop().catch(() => undefined), this.locationConsumer?.stop().catch(() => undefined)]);
    await this.producer.disconnect().catch(() => undefined);
  }
}
