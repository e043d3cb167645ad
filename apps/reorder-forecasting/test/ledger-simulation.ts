// A stand-in for the inventory ledger's output in tests: keeps one item's balance and turns each
// movement into the stock-changed event the ledger would publish (valid per the contract, same
// deterministic event id), and builds the raw movements ERP purchasing would send.
import {
  TOPICS,
  createEnvelope,
  derivedEventId,
  stockKey,
  type InventoryMovementV1,
  type StockChangedV1,
} from '@ledgerline/contracts';

export interface PublishedRecord {
  topic: string;
  key: string;
  value: unknown;
}

const UNIT_COST = 2;

export class LedgerSimulation {
  onHand = 0;
  onOrder = 0;
  inTransit = 0;
  private version = 0;
  readonly stockChanged: PublishedRecord[] = [];
  readonly movements: PublishedRecord[] = [];

  constructor(
    readonly sku: string,
    readonly locationId: string,
    private readonly topicOf: (name: string) => string,
  ) {}

  sale(quantity: number, at: Date): PublishedRecord {
    return this.apply('sale', { quantityDelta: -quantity }, at);
  }

  receipt(quantity: number, at: Date, coversOrder = 0): PublishedRecord {
    return this.apply('receipt', { quantityDelta: quantity, onOrderDelta: -coversOrder }, at);
  }

  orderPlaced(quantity: number, at: Date): PublishedRecord {
    return this.apply('order-placed', { quantityDelta: 0, onOrderDelta: quantity }, at);
  }

  adjustment(quantity: number, at: Date): PublishedRecord {
    return this.apply('adjustment', { quantityDelta: quantity }, at);
  }

  /** A purchase-order movement as ERP purchasing sends it to inventory.movements.v1. */
  purchaseOrderMovement(kind: 'order-placed' | 'receipt', purchaseOrderId: string, quantity: number, at: Date): PublishedRecord {
    const common = {
      movementId: `erp:${purchaseOrderId}:${kind}`,
      sku: this.sku,
      locationId: this.locationId,
      quantity,
      occurredAt: at.toISOString(),
      source: { system: 'erp' as const, documentId: purchaseOrderId },
    };
    const movement: InventoryMovementV1 =
      kind === 'order-placed' ? { ...common, kind, purchaseOrderId } : { ...common, kind, purchaseOrderId, unitCost: '2.0000' };
    const record = {
      topic: this.topicOf(TOPICS.inventoryMovements.name),
      key: stockKey(this.sku, this.locationId),
      value: TOPICS.inventoryMovements.valueSchema.parse(createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'erp', occurredAt: movement.occurredAt })),
    };
    this.movements.push(record);
    return record;
  }

  private apply(kind: StockChangedV1['kind'], effect: { quantityDelta: number; onOrderDelta?: number }, at: Date): PublishedRecord {
    this.version++;
    this.onHand += effect.quantityDelta;
    this.onOrder += effect.onOrderDelta ?? 0;
    const movementId = `${kind}:${this.sku}:${this.locationId}:${this.version}`;
    const payload: StockChangedV1 = {
      movementId,
      kind,
      sku: this.sku,
      locationId: this.locationId,
      quantityDelta: effect.quantityDelta,
      onHand: this.onHand,
      inTransit: this.inTransit,
      onOrder: this.onOrder,
      inventoryValue: `${this.onHand * UNIT_COST}.0000`,
      averageUnitCost: `${UNIT_COST}.0000`,
      costOfGoodsSold: kind === 'sale' ? `${-effect.quantityDelta * UNIT_COST}.0000` : '0',
      occurredAt: at.toISOString(),
      appliedAt: new Date().toISOString(),
      balanceVersion: this.version,
    };
    const eventId = derivedEventId('stock-changed', movementId);
    const record = {
      topic: this.topicOf(TOPICS.stockChanged.name),
      key: stockKey(this.sku, this.locationId),
      value: TOPICS.stockChanged.valueSchema.parse(
        createEnvelope(TOPICS.stockChanged, payload, { producer: 'inventory-ledger', occurredAt: payload.occurredAt, eventId }),
      ),
    };
    this.stockChanged.push(record);
    return record;
  }
}
