// Wires the ledger to Kafka: creates the topics it owns, consumes inventory.movements.v1 in
// batches through the LedgerWriter, and relays the outbox. Offsets are committed only after the
// batch's database transaction committed (BatchConsumer), which with the writer's de-duplication
// gives each movement exactly one effect.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, decodeEvent, type TopicValue } from '@ledgerline/contracts';
import {
  BatchCombiner,
  BatchConsumer,
  BrokerProbe,
  EventProducer,
  KafkaDeadLetterSink,
  OutboxRelay,
  createKafkaClient,
  ensureTopics,
  prefixedTopic,
  topicDurabilityOf,
} from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, exitForRestart } from '@ledgerline/runtime';
import { FaultInjection } from './fault-injection';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { ValuationFolder } from '../valuation/valuation-folder';
import { CatalogIntakeService } from '../catalog/catalog-intake.service';
import { AppliedBatchExpansion } from './applied-batch-expansion';
import { reservationOutboxExpansions } from '../reservations/reservation-outbox-expansions';
import { APPLIED_BATCH_RECORD } from './ledger-events';
import { LedgerWriter, WRITTEN_KEYS_LISTENER, type IncomingMovement, type WrittenKeysListener } from './ledger-writer';
import { RecentlyRecordedMovements } from './recently-recorded-movements';

type MovementEnvelope = TopicValue<'inventory.movements.v1'>;

/**
 * Up to about 7,000 movements per batch under a backlog (1 MiB, the default, holds about 1,800).
 * A larger batch costs the same statements and folds more movements of one SKU/location into one
 * balance update and one stock-levels event: measured with `npm run bench`, half the stock-levels
 * events and a faster catch-up. Under light load batches stay small, so latency is unchanged.
 */
const MAX_BATCH_BYTES_PER_PARTITION = 4 * 1_048_576;

@Injectable()
export class MovementIntakeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('MovementIntake');
  private readonly kafka;
  private readonly producer;
  private readonly brokerProbe: BrokerProbe;
  private readonly writer: LedgerWriter;
  private readonly relay: OutboxRelay;
  /** Partition batches handed over together are applied in one transaction (group commit). */
  private readonly combiner: BatchCombiner<IncomingMovement>;
  private consumer: BatchConsumer<MovementEnvelope> | undefined;
  private readonly faults: FaultInjection;
  private stopping = false;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
    @Inject(WRITTEN_KEYS_LISTENER) writtenKeys: WrittenKeysListener,
    private readonly valuationFolder: ValuationFolder,
    private readonly catalog: CatalogIntakeService,
  ) {
    this.kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `inventory-ledger-${config.INSTANCE_ID ?? process.pid}`, requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS });
    this.producer = new EventProducer(this.kafka);
    this.brokerProbe = new BrokerProbe({ brokers: config.KAFKA_BROKERS, clientId: `inventory-ledger-probe-${config.INSTANCE_ID ?? process.pid}` });
    // Only the instance whose relay leads publishes, so only it keeps what its writer recorded.
    const recent = new RecentlyRecordedMovements(() => this.relay.status().leader);
    this.writer = new LedgerWriter(dataSource, config.DATABASE_SCHEMA, recent, writtenKeys, config.VALUATION_CURRENCY);
    this.faults = FaultInjection.fromSetting(config.FAULT_INJECTION);
    this.relay = new OutboxRelay(dataSource, this.producer, {
      schema: config.DATABASE_SCHEMA,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      batchSize: config.OUTBOX_BATCH_SIZE,
      idlePollMs: config.OUTBOX_IDLE_POLL_MS,
      expansions: { [APPLIED_BATCH_RECORD]: new AppliedBatchExpansion(dataSource, config.DATABASE_SCHEMA, recent), ...reservationOutboxExpansions() },
    });
    this.combiner = new BatchCombiner((incoming) => this.applyTransaction(incoming), {
      maxInFlight: config.BATCH_TRANSACTIONS_IN_FLIGHT,
      maxCombinedItems: config.COMBINED_BATCH_MAX_MOVEMENTS,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = (name: string) => prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, name);
    const partitions = this.config.MOVEMENTS_PARTITIONS;
    await ensureTopics(this.kafka, [
      { topic: topic(TOPICS.inventoryMovements.name), partitions },
      { topic: topic(TOPICS.inventoryMovementsDeadLetter.name), partitions: 1, retentionMs: this.config.DEAD_LETTER_RETENTION_MS },
      { topic: topic(TOPICS.stockChanged.name), partitions },
      { topic: topic(TOPICS.stockLevels.name), partitions, compacted: true },
      { topic: topic(TOPICS.alerts.name), partitions },
      { topic: topic(TOPICS.reservations.name), partitions },
    ], { durability: topicDurabilityOf(this.config) });
    await this.producer.connect();
    this.relay.start();
    this.consumer = new BatchConsumer<MovementEnvelope>({
      name: 'ledger-movements',
      kafka: this.kafka,
      groupId: this.config.KAFKA_GROUP_ID,
      topics: [topic(TOPICS.inventoryMovements.name)],
      partitionsConsumedConcurrently: this.config.PARTITIONS_CONSUMED_CONCURRENTLY,
      sessionTimeoutMs: this.config.KAFKA_SESSION_TIMEOUT_MS,
      maxBytesPerPartition: MAX_BATCH_BYTES_PER_PARTITION,
      fetchMinBytes: this.config.KAFKA_FETCH_MIN_BYTES,
      fetchMaxWaitMs: this.config.KAFKA_FETCH_MAX_WAIT_MS,
      decode: (record) => {
        const result = decodeEvent(TOPICS.inventoryMovements, record.value);
        return result.ok ? result : { ...result, errors: [...result.errors] };
      },
      handle: (records) =>
        this.combiner.submit(
          records.map(({ value }) => ({
            movement: value.payload,
            cause: { eventId: value.eventId, correlationId: value.correlationId },
          })),
        ),
      deadLetters: new KafkaDeadLetterSink(this.producer, () => topic(TOPICS.inventoryMovementsDeadLetter.name), 'inventory-ledger'),
      onFatal: (error) => exitForRestart(this.logger, 'movement consumer stopped for good', error),
    });
    this.readiness.register('kafka-consumer', () => this.consumer?.readiness() ?? { ready: false, detail: 'not started' });
    this.readiness.register('kafka-producer', () => ({ ready: this.producer.isConnected, detail: this.producer.isConnected ? undefined : 'disconnected' }));
    this.readiness.register('kafka-broker', () => this.brokerProbe.check());
    this.readiness.register('outbox-relay', () => {
      const { lastError } = this.relay.status();
      return { ready: lastError === undefined, detail: lastError };
    });
    await this.catalog.catalogReadAtStart();
    if (this.stopping) return;
    await this.consumer.start();
  }

  /** Another write committed outbox rows (a reservation's events): the relay sends them without waiting for its poll. */
  outboxWritten(): void {
    this.relay.notify();
  }

  /** One database transaction for one or more partition batches; the crash points count these. */
  private async applyTransaction(incoming: IncomingMovement[]): Promise<void> {
    this.faults.startBatch();
    // A crash before the commit needs a transaction to crash in; without one set, a small batch's
    // writes are one statement that commits itself.
    const beforeCommit = this.faults.isArmedAt('before-db-commit') ? () => this.faults.at('before-db-commit') : undefined;
    const result = await this.writer.applyBatch(incoming, new Date(), beforeCommit);
    this.faults.at('after-db-commit');
    this.relay.notify();
    this.valuationFolder.notify();
    this.logger.debug('applied batch', { ...result, movements: incoming.length });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.consumer?.stop().catch(() => undefined);
    await this.relay.stop();
    await this.producer.disconnect().catch(() => undefined);
    await this.brokerProbe.close();
  }

  lag(): number {
    return this.consumer?.totalLag() ?? 0;
  }

  pendingOutbox(): Promise<number> {
    return this.relay.pendingCount();
  }
}
