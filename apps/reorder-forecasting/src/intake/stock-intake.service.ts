// Consumes the ledger's output: inventory.stock-changed.v1 (demand, stock position, suggestions)
// and inventory.movements.v1 (purchase orders and their receipts, for lead times), in batches;
// and forecasting.stock-changed.replay.v1, the stock changes it dead-lettered and an operator
// replayed, decoded and applied exactly like stock-changed. The replays are read in the same
// consumer and group: one handler, one lag and readiness, the same groups the ACLs grant, and
// a replayed movement id that was counted already is dropped by the writer like a redelivery.
// Offsets are committed only after the batch's transaction committed (BatchConsumer), which with
// the writer's de-duplication gives every stock-changed event exactly one effect. A stock change
// refused for itself (FORECASTING_MESSAGE_ERRORS) goes to forecasting.stock-changed.dead-letter.v1;
// any other failure stalls its partition until it passes (readiness, metric and alert say so).
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, type TopicValue } from '@ledgerline/contracts';
import { BatchConsumer, KafkaDeadLetterSink, type ConsumedRecord } from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, exitForRestart } from '@ledgerline/runtime';
import { FORECASTING_CONFIG, type ForecastingConfig } from '../config/forecasting.config';
import { forecastingMetrics } from '../forecasting-metrics';
import { KafkaGateway } from '../messaging/kafka-gateway.service';
import { DemandSql, type PurchaseOrderEvent } from '../persistence/demand-sql';
import { countPublished } from '../suggestions/suggestion-evaluator';
import { type IntakeRecord, decodeIntakeRecord } from './intake-record';
import { purchaseOrderEventOf } from './purchase-order-events';
import { StockChangeWriter } from './stock-change-writer';

@Injectable()
export class StockIntakeService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new JsonLogger('StockIntake');
  private consumer: BatchConsumer<IntakeRecord> | undefined;

  constructor(
    @Inject(FORECASTING_CONFIG) private readonly config: ForecastingConfig,
    private readonly dataSource: DataSource,
    private readonly gateway: KafkaGateway,
    private readonly writer: StockChangeWriter,
    private readonly demand: DemandSql,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.gateway.start();
    const stockChangedTopic = this.gateway.topic(TOPICS.stockChanged.name);
    const replayTopic = this.gateway.topic(TOPICS.forecastingStockChangedReplay.name);
    const stockChangeTopics = new Set([stockChangedTopic, replayTopic]);
    this.consumer = new BatchConsumer<IntakeRecord>({
      name: 'forecasting-stock',
      kafka: this.gateway.kafka,
      groupId: this.config.KAFKA_GROUP_ID,
      topics: [stockChangedTopic, this.gateway.topic(TOPICS.inventoryMovements.name), replayTopic],
      partitionsConsumedConcurrently: this.config.PARTITIONS_CONSUMED_CONCURRENTLY,
      fetchMaxWaitMs: this.config.KAFKA_FETCH_MAX_WAIT_MS,
      decode: (record) => decodeIntakeRecord(record, stockChangeTopics),
      handle: (records) => this.handle(records),
      deadLetters: new KafkaDeadLetterSink(this.gateway.producer, () => this.gateway.topic(TOPICS.forecastingStockChangedDeadLetter.name), 'reorder-forecasting'),
      onFatal: (error) => exitForRestart(this.logger, 'stock consumer stopped for good', error),
    });
    this.readiness.register('kafka-consumer', () => this.consumer?.readiness() ?? { ready: false, detail: 'not started' });
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop().catch(() => undefined);
    await this.gateway.stop();
  }

  lag(): number {
    return this.consumer?.totalLag() ?? 0;
  }

  private async handle(records: Array<ConsumedRecord<IntakeRecord>>): Promise<void> {
    const stockChanges = records.flatMap(({ value }) => (value.kind === 'stock-changed' ? [value] : []));
    const movements = records.flatMap(({ value }) => (value.kind === 'movement' ? [value.envelope.payload] : []));
    if (movements.length > 0) await this.recordPurchaseOrders(movements);
    if (stockChanges.length === 0) return;
    const result = await this.writer.applyBatch(stockChanges.map(({ change, cause }) => ({ change, cause })));
    forecastingMetrics.stockChanges.inc({ outcome: 'applied' }, result.applied);
    forecastingMetrics.stockChanges.inc({ outcome: 'duplicate' }, result.duplicates);
    if (result.suggestions.length > 0) {
      countPublished(result.suggestions);
      this.gateway.suggestionsWritten();
    }
    this.logger.debug('applied stock changes', { applied: result.applied, duplicates: result.duplicates, suggestions: result.suggestions.length });
  }

  private async recordPurchaseOrders(movements: Array<TopicValue<'inventory.movements.v1'>['payload']>): Promise<void> {
    const events = movements.map(purchaseOrderEventOf).filter((event): event is PurchaseOrderEvent => event !== null);
    if (events.length > 0) await this.demand.recordPurchaseOrders(this.dataSource.manager, events);
  }
}
