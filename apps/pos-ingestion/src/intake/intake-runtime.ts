// Wires the intake to PostgreSQL and Kafka and owns their lifecycle: creates the topics the
// service writes and reads, connects the idempotent producer, runs the republisher, the Kafka
// intake and the catalog copy the store-operations door checks against, and on shutdown stops taking work, lets requests in flight finish, then disconnects.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS } from '@ledgerline/contracts';
import { BrokerProbe, EventProducer, createKafkaClient, ensureTopics, prefixedTopic, topicDurabilityOf } from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, exitForRestart } from '@ledgerline/runtime';
import { RateLimiter } from '@ledgerline/auth';
import { POS_INGESTION_CONFIG, type PosIngestionConfig } from '../config/pos-ingestion.config';
import { RequestDrain } from '../http/request-drain';
import { watchDatabasePool } from '../metrics/database-pool-metrics';
import { CredentialStore } from '../persistence/credential-store';
import { PublicationClaims } from '../persistence/publication-claims';
import { RejectionLog } from '../persistence/rejection-log';
import { TransactionStore } from '../persistence/transaction-store';
import { ClaimedPublisher, claimLeaseMs } from './claimed-publisher';
import { FaultInjection } from './fault-injection';
import { KafkaIntake } from './kafka-intake.service';
import { MovementPublisher, StoreOperationSender } from './movement-publisher';
import { MovementRequestStore } from '../movements/movement-request-store';
import { StoreOperationsIntake } from '../movements/store-operations-intake';
import { CsvImport } from '../imports/csv-import';
import { CatalogCopy } from '../catalog/catalog-copy';
import { CatalogCopySql } from '../catalog/catalog-copy-sql';
import { PosDeadLetterSink } from './pos-dead-letter-sink';
import { Republisher } from './republisher';
import { TransactionIntake } from './transaction-intake';

@Injectable()
export class IntakeRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new JsonLogger('IntakeRuntime');
  private readonly kafka;
  private readonly producer: EventProducer;
  private readonly brokerProbe: BrokerProbe;
  readonly credentials: CredentialStore;
  readonly transactions: TransactionStore;
  readonly rejections: RejectionLog;
  readonly intake: TransactionIntake;
  readonly storeOperations: StoreOperationsIntake;
  readonly csvImport: CsvImport;
  readonly catalog: CatalogCopy;
  readonly republisher: Republisher;
  readonly kafkaIntake: KafkaIntake;
  readonly rateLimiter: RateLimiter;

  constructor(
    @Inject(POS_INGESTION_CONFIG) private readonly config: PosIngestionConfig,
    private readonly dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
    private readonly drain: RequestDrain,
  ) {
    const schema = config.DATABASE_SCHEMA;
    this.kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `pos-ingestion-${config.INSTANCE_ID ?? process.pid}`, requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS });
    this.producer = new EventProducer(this.kafka);
    this.brokerProbe = new BrokerProbe({ brokers: config.KAFKA_BROKERS, clientId: `pos-ingestion-probe-${config.INSTANCE_ID ?? process.pid}` });
    this.credentials = new CredentialStore(dataSource, schema);
    this.transactions = new TransactionStore(dataSource, schema);
    this.rejections = new RejectionLog(dataSource, schema);
    const movements = new MovementPublisher(this.producer, config.KAFKA_TOPIC_PREFIX, FaultInjection.fromSetting(config.FAULT_INJECTION));
    const claims = new PublicationClaims(dataSource, schema, claimLeaseMs(config.INTAKE_PUBLISH_TIMEOUT_MS));
    const publisher = new ClaimedPublisher(claims, movements, { timeoutMs: config.INTAKE_PUBLISH_TIMEOUT_MS });
    watchDatabasePool(dataSource);
    this.catalog = new CatalogCopy(new CatalogCopySql(dataSource, schema), {
      kafka: this.kafka,
      groupId: config.KAFKA_GROUP_ID,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      onFatal: (error) => exitForRestart(this.logger, 'catalog consumer stopped for good', error),
    });
    this.storeOperations = new StoreOperationsIntake(this.catalog, new MovementRequestStore(dataSource, schema), new StoreOperationSender(movements), {
      timeoutMs: config.INTAKE_PUBLISH_TIMEOUT_MS,
    });
    this.csvImport = new CsvImport(this.catalog, this.storeOperations);
    this.intake = new TransactionIntake(this.credentials, this.transactions, publisher, this.rejections, {
      maxClockSkewMinutes: config.MAX_CLOCK_SKEW_MINUTES,
      maxEventAgeDays: config.MAX_EVENT_AGE_DAYS,
    });
    this.republisher = new Republisher(dataSource, this.transactions, publisher, {
      schema,
      intervalMs: config.REPUBLISH_INTERVAL_MS,
      afterMs: config.REPUBLISH_AFTER_MS,
    });
    this.kafkaIntake = new KafkaIntake(this.intake, new PosDeadLetterSink(this.producer, this.rejections, config.KAFKA_TOPIC_PREFIX), {
      kafka: this.kafka,
      groupId: config.KAFKA_GROUP_ID,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      onFatal: (error) => exitForRestart(this.logger, 'POS record consumer stopped for good', error),
    });
    this.rateLimiter = new RateLimiter({ perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST });
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = (name: string) => prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, name);
    const partitions = this.config.TOPIC_PARTITIONS;
    await ensureTopics(this.kafka, [
      { topic: topic(TOPICS.posTransactionsRaw.name), partitions },
      { topic: topic(TOPICS.posTransactionsDeadLetter.name), partitions: 1, retentionMs: this.config.DEAD_LETTER_RETENTION_MS },
      { topic: topic(TOPICS.inventoryMovements.name), partitions },
      // The ERP and the ledger create these too; made here so pos-ingestion can start first.
      { topic: topic(TOPICS.catalogItems.name), partitions: this.config.CATALOG_PARTITIONS, compacted: true },
      { topic: topic(TOPICS.catalogLocations.name), partitions: this.config.CATALOG_PARTITIONS, compacted: true },
    ], { durability: topicDurabilityOf(this.config) });
    await this.producer.connect();
    this.readiness.register('kafka-producer', () => ({ ready: this.producer.isConnected, detail: this.producer.isConnected ? undefined : 'disconnected' }));
    this.readiness.register('kafka-broker', () => this.brokerProbe.check());
    this.readiness.register('kafka-consumer', () => this.kafkaIntake.readiness());
    this.readiness.register('republisher', () => {
      const { lastError } = this.republisher.status();
      return { ready: lastError === undefined, detail: lastError };
    });
    this.readiness.register('catalog-items-consumer', () => this.catalog.itemsReadiness());
    this.readiness.register('catalog-locations-consumer', () => this.catalog.locationsReadiness());
    this.republisher.start();
    this.catalog.start().catch((error: unknown) => exitForRestart(this.logger, 'catalog consumers could not start', error));
    // Not awaited: kafkajs resolves run() only once the group is joined, which after a crash waits
    // for the dead member's session to expire, and the HTTP intake must not wait for that.
    this.kafkaIntake.start().catch((error: unknown) => exitForRestart(this.logger, 'POS record consumer could not start', error));
  }

  async beforeApplicationShutdown(): Promise<void> {
    const { drained } = await this.drain.drain(this.config.SHUTDOWN_DRAIN_TIMEOUT_MS);
    if (!drained) this.logger.warn('shutting down with requests still in flight', { inFlight: this.drain.requestsInFlight });
    await this.kafkaIntake.stop().catch((error: unknown) => this.logger.warn('consumer did not stop cleanly', { error }));
    await this.catalog.stop().catch((error: unknown) => this.logger.warn('catalog consumers did not stop cleanly', { error }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.republisher.stop();
    await this.producer.disconnect().catch(() => undefined);
    await this.brokerProbe.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
