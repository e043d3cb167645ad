// Wires the cycle-counting program: the stock-changed follower that keeps its signals, the list
// maker and the count taking, over the intake's credentials and store-operations path.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS } from '@ledgerline/contracts';
import { createKafkaClient, ensureTopics, prefixedTopic, topicDurabilityOf } from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, exitForRestart } from '@ledgerline/runtime';
import { POS_INGESTION_CONFIG, type PosIngestionConfig } from '../config/pos-ingestion.config';
import { IntakeRuntime } from '../intake/intake-runtime';
import type { StockChangedFollowerConsumer } from '../intake/stock-changed-following';
import { CountListMaker } from './count-list-maker';
import { CountListSql } from './count-list-sql';
import { CountSignalsSql } from './count-signals-sql';
import { countSignalsConsumer } from './count-signals.consumer';
import { CountTaking } from './count-taking';
import { countingSettingsOf } from './counting-settings';

@Injectable()
export class CountingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new JsonLogger('CountingRuntime');
  private readonly kafka;
  private readonly signalsConsumer: StockChangedFollowerConsumer;
  readonly lists: CountListSql;
  readonly listMaker: CountListMaker;
  readonly taking: CountTaking;

  constructor(
    @Inject(POS_INGESTION_CONFIG) private readonly config: PosIngestionConfig,
    dataSource: DataSource,
    intake: IntakeRuntime,
    private readonly readiness: ReadinessRegistry,
  ) {
    const settings = countingSettingsOf(config);
    this.kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `pos-ingestion-counting-${config.INSTANCE_ID ?? process.pid}`, requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS });
    this.lists = new CountListSql(dataSource, config.DATABASE_SCHEMA);
    this.listMaker = new CountListMaker(this.lists, intake.credentials, settings);
    this.taking = new CountTaking(this.lists, intake.storeOperations, settings);
    this.signalsConsumer = countSignalsConsumer(new CountSignalsSql(dataSource, config.DATABASE_SCHEMA), {
      kafka: this.kafka,
      groupId: `${config.KAFKA_GROUP_ID}-count-signals`,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      onFatal: (error) => exitForRestart(this.logger, 'count signals consumer stopped for good', error),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // The ledger creates stock-changed; made here too so pos-ingestion can start first.
    await ensureTopics(this.kafka, [{ topic: prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, TOPICS.stockChanged.name), partitions: this.config.TOPIC_PARTITIONS }], {
      durability: topicDurabilityOf(this.config),
    });
    this.readiness.register('count-signals-consumer', () => this.signalsConsumer.readiness({ readyWhileJoining: true }));
    this.signalsConsumer.start().catch((error: unknown) => exitForRestart(this.logger, 'count signals consumer could not start', error));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.signalsConsumer.stop().catch((error: unknown) => this.logger.warn('count signals consumer did not stop cleanly', { error }));
  }
}
