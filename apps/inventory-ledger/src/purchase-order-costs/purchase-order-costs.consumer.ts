// Costs of whole purchase orders from inventory.purchase-order-costs.v1, each applied by the
// PurchaseOrderCostWriter in its own transaction, in the order of its partition (one order's
// costs share a key). The offset is committed only after the costs committed. A cost the ledger
// refuses (an order with no receipt here, a conflict, a bad amount or rate) goes to the ledger's
// dead-letter topic with its reason; anything else (the database, the broker) stops the
// partition and retries it. Receipts come on another topic, so a batch of costs first waits until
// the ledger has applied every movement published before it was read: a cost is then shared over
// every receipt of its order the ERP published before the cost reached the ledger, and an order
// is called unknown only once none of those was a receipt of it.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS, decodeEvent, type TopicValue } from '@ledgerline/contracts';
import { BatchConsumer, EventProducer, KafkaDeadLetterSink, SharedAdmin, awaitGroupsAt, createKafkaClient, ensureTopics, prefixedTopic, topicDurabilityOf, topicEnds } from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, exitForRestart } from '@ledgerline/runtime';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger.config';
import { MovementIntakeService } from '../ledger/movement-intake.service';
import { PurchaseOrderCostWriter } from './purchase-order-cost-writer';

type CostEnvelope = TopicValue<'inventory.purchase-order-costs.v1'>;

/** How long a batch of costs waits for the movements before it to be applied before it is tried again. */
const MOVEMENTS_APPLIED_WAIT_MS = 20_000;
const MOVEMENTS_APPLIED_POLL_MS = 250;

@Injectable()
export class PurchaseOrderCostsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('PurchaseOrderCosts');
  private readonly kafka;
  private readonly producer;
  private readonly writer: PurchaseOrderCostWriter;
  private consumer: BatchConsumer<CostEnvelope> | undefined;
  private readonly admin: SharedAdmin;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    dataSource: DataSource,
    private readonly movements: MovementIntakeService,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.kafka = createKafkaClient({
      brokers: config.KAFKA_BROKERS,
      clientId: `inventory-ledger-purchase-order-costs-${config.INSTANCE_ID ?? process.pid}`,
      requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS,
    });
    this.producer = new EventProducer(this.kafka);
    this.admin = new SharedAdmin(this.kafka);
    this.writer = new PurchaseOrderCostWriter(dataSource, config.DATABASE_SCHEMA, config.VALUATION_CURRENCY);
  }

  async onApplicationBootstrap(): Promise<void> {
    const topic = (name: string) => prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, name);
    await ensureTopics(
      this.kafka,
      [
        { topic: topic(TOPICS.purchaseOrderCosts.name), partitions: this.config.MOVEMENTS_PARTITIONS },
        { topic: topic(TOPICS.inventoryMovementsDeadLetter.name), partitions: 1, retentionMs: this.config.DEAD_LETTER_RETENTION_MS },
      ],
      { durability: topicDurabilityOf(this.config) },
    );
    await this.producer.connect();
    this.consumer = new BatchConsumer<CostEnvelope>({
      name: 'ledger-purchase-order-costs',
      kafka: this.kafka,
      groupId: `${this.config.KAFKA_GROUP_ID}.purchase-order-costs`,
      topics: [topic(TOPICS.purchaseOrderCosts.name)],
      decode: (record) => {
        const result = decodeEvent(TOPICS.purchaseOrderCosts, record.value);
        return result.ok ? result : { ...result, errors: [...result.errors] };
      },
      handle: async (records) => {
        await this.movementsAppliedUpToNow();
        // One at a time and in order: a later cost of an order is shared after an earlier one.
        try {
          for (const { value } of records) {
            const result = await this.writer.apply(value.payload, { eventId: value.eventId, correlationId: value.correlationId });
            this.logger.info('purchase order cost', { costId: value.payload.costId, purchaseOrderId: value.payload.purchaseOrderId, eventId: value.eventId, ...result });
          }
        } finally {
          // The costs committed before one that failed have landed costs waiting in the outbox.
          this.movements.outboxWritten();
        }
      },
      deadLetters: new KafkaDeadLetterSink(this.producer, () => topic(TOPICS.inventoryMovementsDeadLetter.name), 'inventory-ledger'),
      onFatal: (error) => exitForRestart(this.logger, 'purchase order cost consumer stopped for good', error),
    });
    this.readiness.register('purchase-order-costs-consumer', () => this.consumer?.readiness() ?? { ready: false, detail: 'not started' });
    await this.consumer.start();
  }

  /**
   * Returns once the ledger's movement group has committed every partition of the movements topic
   * up to where it ends now; throws (the batch is tried again, nothing skipped) if that takes
   * longer than MOVEMENTS_APPLIED_WAIT_MS, as while the ledger catches up on a backlog.
   */
  private async movementsAppliedUpToNow(): Promise<void> {
    const admin = await this.admin.connected();
    const ends = await topicEnds(admin, [prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, TOPICS.inventoryMovements.name)]);
    const behind = await awaitGroupsAt(admin, [{ groupId: this.config.KAFKA_GROUP_ID, ends }], { timeoutMs: MOVEMENTS_APPLIED_WAIT_MS, pollMs: MOVEMENTS_APPLIED_POLL_MS });
    if (behind.length > 0) throw new Error('the movements published before these purchase order costs are not all applied yet; the costs wait for them');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop().catch(() => undefined);
    await this.admin.disconnect();
    await this.producer.disconnect().catch(() => undefined);
  }
}
