// Runs the follower of the ledger's stock-changed events that tells the front door of every
// transfer shipment and receipt the ledger applied (ledger-transfers.consumer.ts), in a consumer
// group of its own so that it neither waits on nor holds up the counting signals.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS } from '@ledgerline/contracts';
import { createKafkaClient, ensureTopics, prefixedTopic, topicDurabilityOf } from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, exitForRestart } from '@ledgerline/runtime';
import { POS_INGESTION_CONFIG, type PosIngestionConfig } from '../config/pos-ingestion.config';
import type { StockChangedFollowerConsumer, StockChangedFollowerOptions } from '../intake/stock-changed-following';
import { LedgerReceiptsSql } from './ledger-receipts-sql';
import { LedgerShipmentsSql } from './ledger-shipments-sql';
import { ledgerTransfersConsumer } from './ledger-transfers.consumer';

@Injectable()
export class LedgerTransfersRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new JsonLogger('LedgerTransfersRuntime');
  private readonly kafka;
  /** By the name of their readiness check. */
  private readonly consumers: ReadonlyMap<string, StockChangedFollowerConsumer>;

  constructor(
    @Inject(POS_INGESTION_CONFIG) private readonly config: PosIngestionConfig,
    dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `pos-ingestion-shipments-${config.INSTANCE_ID ?? process.pid}`, requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS });
    const following = (name: string): StockChangedFollowerOptions => ({
      kafka: this.kafka,
      groupId: `${config.KAFKA_GROUP_ID}-${name}`,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      onFatal: (error) => exitForRestart(this.logger, `${name} consumer stopped for good`, error),
    });
    this.consumers = new Map([
      [
        'ledger-transfers-consumer',
        ledgerTransfersConsumer(new LedgerShipmentsSql(dataSource, config.DATABASE_SCHEMA), new LedgerReceiptsSql(dataSource, config.DATABASE_SCHEMA), following('ledger-transfers')),
      ],
    ]);
  }

  async onApplicationBootstrap(): Promise<void> {
    // The ledger creates stock-changed; made here too so pos-ingestion can start first.
    await ensureTopics(this.kafka, [{ topic: prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, TOPICS.stockChanged.name), partitions: this.config.TOPIC_PARTITIONS }], {
      durability: topicDurabilityOf(this.config),
    });
    for (const [check, consumer] of this.consumers) {
      this.readiness.register(check, () => consumer.readiness({ readyWhileJoining: true }));
      consumer.start().catch((error: unknown) => exitForRestart(this.logger, `${check} could not start`, error));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.consumers].map(([check, consumer]) => consumer.stop().catch((error: unknown) => this.logger.warn(`${check} did not stop cleanly`, { error }))),
    );
  }
}
