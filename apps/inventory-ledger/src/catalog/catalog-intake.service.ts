// Keeps the catalog facts the ledger needs from catalog.items.v1 (low-stock threshold, active,
// valuation method) and catalog.locations.v1 (region, active). Both topics are compacted and each
// is read by its own consumer group from the beginning, so a new ledger database learns the whole
// catalog; upserts keep the newest version by the catalog's updatedAt, which makes redelivery and
// replay harmless.
// At start the movements wait, for a bounded time, until the catalog as it stood then is applied:
// a balance is then first counted under its item's threshold, instead of being counted without
// one and re-counted a moment later under a table lock that sends the batches writing meanwhile
// round again.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, decodeEvent, type TopicValue } from '@ledgerline/contracts';
import { BatchConsumer, EventProducer, KafkaDeadLetterSink, createKafkaClient, ensureTopics, prefixedTopic, topicDurabilityOf, awaitGroupsAt, topicEnds, type TopicEnds } from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, exitForRestart } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { LedgerSql } from '../persistence/ledger-sql';
import { applyCatalogItems } from './catalog-items';

type CatalogItemEnvelope = TopicValue<'catalog.items.v1'>;
type CatalogLocationEnvelope = TopicValue<'catalog.locations.v1'>;

/** How often the groups' committed offsets are compared with the catalog's ends at start. */
const START_READ_POLL_MS = 200;

@Injectable()
export class CatalogIntakeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('CatalogIntake');
  private readonly kafka;
  private readonly producer;
  private readonly sql: LedgerSql;
  private consumer: BatchConsumer<CatalogItemEnvelope> | undefined;
  private locationConsumer: BatchConsumer<CatalogLocationEnvelope> | undefined;
  private stopping = false;
  private settleStartRead!: () => void;
  private readonly startRead = new Promise<void>((resolve) => (this.settleStartRead = resolve));

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
    const ends = await this.catalogEnds([topic(TOPICS.catalogItems.name), topic(TOPICS.catalogLocations.name)]);
    this.consumer = this.catalogConsumer<CatalogItemEnvelope>('ledger-catalog', 'catalog', TOPICS.catalogItems, async (payloads) => {
      const items = payloads.map((payload) => ({
        sku: payload.sku,
        description: payload.description,
        lowStockThreshold: payload.lowStockThreshold,
        active: payload.active,
        updatedAt: payload.updatedAt,
        valuationMethod: payload.valuationMethod,
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
    void this.awaitStartRead(ends);
  }

  /**
   * Settles once both groups have applied the catalog topics up to where they ended at start, or
   * after CATALOG_START_READ_WAIT_MS (the movements then go ahead: the re-count keeps every
   * figure exact, only dearer), or at shutdown. It never fails.
   */
  catalogReadAtStart(): Promise<void> {
    return this.startRead;
  }

  private async catalogEnds(topics: string[]): Promise<TopicEnds[] | undefined> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      return await topicEnds(admin, topics);
    } catch (error) {
      this.logger.warn('could not read where the catalog topics end; movements are applied without waiting for the catalog', { error: String(error) });
      return undefined;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async awaitStartRead(ends: TopicEnds[] | undefined): Promise<void> {
    if (ends === undefined) return this.settleStartRead();
    const topic = (name: string) => prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, name);
    const endsOf = (name: string) => ends.filter((end) => end.topic === topic(name));
    const groups = [
      { groupId: `${this.config.KAFKA_GROUP_ID}.catalog`, ends: endsOf(TOPICS.catalogItems.name) },
      { groupId: `${this.config.KAFKA_GROUP_ID}.catalog-locations`, ends: endsOf(TOPICS.catalogLocations.name) },
    ];
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const behind = await awaitGroupsAt(admin, groups, { timeoutMs: this.config.CATALOG_START_READ_WAIT_MS, pollMs: START_READ_POLL_MS, stopped: () => this.stopping });
      if (behind.length > 0 && !this.stopping) this.logger.warn('the catalog was not applied up to where it ended at start in time; movements go ahead', { behind, waitedMs: this.config.CATALOG_START_READ_WAIT_MS });
    } catch (error) {
      this.logger.warn('could not follow the catalog groups at start; movements go ahead', { error: String(error) });
    } finally {
      this.settleStartRead();
      await admin.disconnect().catch(() => undefined);
    }
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
    this.stopping = true;
    this.settleStartRead();
    await Promise.all([this.consumer?.stop().catch(() => undefined), this.locationConsumer?.stop().catch(() => undefined)]);
    await this.producer.disconnect().catch(() => undefined);
  }
}
