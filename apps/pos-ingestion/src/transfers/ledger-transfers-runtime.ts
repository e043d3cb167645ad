// Runs the follower of the ledger's stock-changed events that tells the front door of every
// shipment the ledger applied (ledger-shipments.consumer.ts), in its own consumer group so that
// it neither waits on nor holds up the counting signals.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, type StockChangedV1 } from '@ledgerline/contracts';
import { createKafkaClient, ensureTopics, prefixedTopic, topicDurabilityOf, type BatchConsumer } from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, exitForRestart } from '@ledgerline/runtime';
import { POS_INGESTION_CONFIG, type PosIngestionConfig } from '../config/pos-ingestion.config';
import { LedgerShipmentsSql } from './ledger-shipments-sql';
import { ledgerShipmentsConsumer } from './ledger-shipments.consumer';

@Injectable()
export class LedgerShipmentsRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new JsonLogger('LedgerShipmentsRuntime');
  private readonly kafka;
  private readonly consumer: BatchConsumer<StockChangedV1>;

  constructor(
    @Inject(POS_INGESTION_CONFIG) private readonly config: PosIngestionConfig,
    dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `pos-ingestion-shipments-${config.INSTANCE_ID ?? process.pid}`, requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS });
    this.consumer = ledgerShipmentsConsumer(new LedgerShipmentsSql(dataSource, config.DATABASE_SCHEMA), {
      kafka: this.kafka,
      groupId: `${config.KAFKA_GROUP_ID}-ledger-shipments`,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      onFatal: (error) => exitForRestart(this.logger, 'ledger shipments consumer stopped for good', error),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // The ledger creates stock-changed; made here too so pos-ingestion can start first.
    await ensureTopics(this.kafka, [{ topic: prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, TOPICS.stockChanged.name), partitions: this.config.TOPIC_PARTITIONS }], {
      durability: topicDurabilityOf(this.config),
    });
    this.readiness.register('ledger-shipments-consumer', () => this.consumer.readiness({ readyWhileJoining: true }));
    this.consumer.start().catch((error: unknown) => exitForRestart(this.logger, 'ledger shipments consumer could not start', error));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop().catch((error: unknown) => this.logger.warn('ledger shipments consumer did not stop cleanly', { error }));
  }
}
