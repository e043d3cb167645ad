// The ERP side of a simulator run: publishes master data and stock movements, answers reorder
// suggestions with purchase orders, and posts each order's receipt when its lead time is over.
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { movementRecord, type ErpRecord } from '../generation/erp-movements';
import type { ErpKafkaGateway } from '../io/erp-kafka.gateway';
import { PurchasingDesk, type PurchasingOptions } from './purchasing-desk';

export interface ErpSimulationEvents {
  onPublished(records: number): void;
  onProblem(message: string): void;
}

export class ErpSimulation {
  private readonly desk: PurchasingDesk;
  private deliveryTimer: NodeJS.Timeout | undefined;
  /** Publishing is serialised so an order never overtakes the receipt path of the same key. */
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    private readonly gateway: ErpKafkaGateway,
    purchasing: PurchasingOptions,
    private readonly events: ErpSimulationEvents,
  ) {
    this.desk = new PurchasingDesk(purchasing);
  }

  connect(): Promise<void> {
    return this.gateway.connect();
  }

  readonly topic = (name: string): string => this.gateway.topic(name);

  publish(records: readonly ErpRecord[]): Promise<void> {
    const next = this.publishing.then(async () => {
      await this.gateway.publish(records);
      this.events.onPublished(records.length);
    });
    this.publishing = next.catch((error: unknown) => this.events.onProblem(`publishing to Kafka failed: ${error instanceof Error ? error.message : String(error)}`));
    return next;
  }

  publishMovements(movements: readonly InventoryMovementV1[]): Promise<void> {
    return this.publish(movements.map((movement) => movementRecord(this.gateway.topic, movement)));
  }

  /** Starts purchasing: listens to suggestions and checks for due deliveries every second. */
  startPurchasing(): void {
    this.deliveryTimer = setInterval(() => {
      const receipts = this.desk.deliveriesDue(new Date());
      if (receipts.length > 0) void this.publishMovements(receipts).catch(() => undefined);
    }, 1_000);
    this.gateway
      .listenToSuggestions(async (suggestion) => {
        const orders = this.desk.answer(suggestion, new Date());
        if (orders.length > 0) await this.publishMovements(orders);
      }, this.events.onProblem)
      .catch((error: unknown) => this.events.onProblem(`reorder suggestion listener stopped: ${error instanceof Error ? error.message : String(error)}`));
  }

  status(): ReturnType<PurchasingDesk['status']> {
    return this.desk.status();
  }

  async stop(): Promise<void> {
    clearInterval(this.deliveryTimer);
    await this.publishing;
    await this.gateway.disconnect();
  }
}
