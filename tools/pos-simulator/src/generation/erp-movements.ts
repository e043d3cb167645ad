// What the simulated ERP writes straight to Kafka: master data on the catalog topics and
// inventory movements (opening receipts with unit costs, purchase orders and their receipts) on
// the movements topic, each in the standard envelope and keyed as the topic definition says.
import { TOPICS, createEnvelope, type CatalogItemV1, type CatalogLocationV1, type InventoryMovementV1, type MovementOfKind } from '@ledgerline/contracts';
import { centsToMoney, type SimulatedItem, type SimulatedStore } from './catalog.generator';

/** A record ready for EventProducer.send (same shape as its OutgoingRecord). */
export interface ErpRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: unknown;
}

export type TopicNamer = (name: string) => string;

const ERP = 'erp';

export function catalogItemRecord(topic: TopicNamer, item: CatalogItemV1): ErpRecord {
  return {
    topic: topic(TOPICS.catalogItems.name),
    key: TOPICS.catalogItems.keyOf(item),
    value: createEnvelope(TOPICS.catalogItems, item, { producer: ERP, occurredAt: item.updatedAt }),
  };
}

export function catalogLocationRecord(topic: TopicNamer, location: CatalogLocationV1): ErpRecord {
  return {
    topic: topic(TOPICS.catalogLocations.name),
    key: TOPICS.catalogLocations.keyOf(location),
    value: createEnvelope(TOPICS.catalogLocations, location, { producer: ERP, occurredAt: location.updatedAt }),
  };
}

export function movementRecord(topic: TopicNamer, movement: InventoryMovementV1): ErpRecord {
  return {
    topic: topic(TOPICS.inventoryMovements.name),
    key: TOPICS.inventoryMovements.keyOf(movement),
    value: createEnvelope(TOPICS.inventoryMovements, movement, {
      producer: movement.source.system === 'wms' ? 'wms' : ERP,
      occurredAt: movement.occurredAt,
      eventId: `erp-event:${movement.movementId}`,
    }),
  };
}

/**
 * The delivery that stocks a store before trading starts. Its id depends on the run, so running
 * the same run again does not deliver twice (the ledger drops a movement id it has seen). A run
 * with history delivers more than the item's live opening quantity, dated before that history.
 */
export function openingReceipt(runId: string, store: SimulatedStore, item: SimulatedItem, occurredAt: string, quantity = item.openingQuantity): MovementOfKind<'receipt'> {
  return {
    movementId: `erp:opening:${runId}:${store.storeId}:${item.sku}`,
    kind: 'receipt',
    sku: item.sku,
    locationId: store.storeId,
    quantity,
    unitCost: centsToMoney(item.costCents),
    currency: 'EUR',
    occurredAt,
    source: { system: 'erp', documentId: `OPEN-${runId}-${store.storeId}` },
  };
}

export interface PurchaseOrder {
  readonly purchaseOrderId: string;
  readonly sku: string;
  readonly locationId: string;
  readonly quantity: number;
  readonly unitCostCents: number;
  readonly placedAt: string;
  readonly expectedAt: string;
}

export function orderPlaced(order: PurchaseOrder): MovementOfKind<'order-placed'> {
  return {
    movementId: `erp:${order.purchaseOrderId}:placed`,
    kind: 'order-placed',
    sku: order.sku,
    locationId: order.locationId,
    quantity: order.quantity,
    purchaseOrderId: order.purchaseOrderId,
    expectedAt: order.expectedAt,
    occurredAt: order.placedAt,
    source: { system: 'erp', documentId: order.purchaseOrderId },
  };
}

export function purchaseReceipt(order: PurchaseOrder, receivedAt: string): MovementOfKind<'receipt'> {
  return {
    movementId: `erp:${order.purchaseOrderId}:receipt`,
    kind: 'receipt',
    sku: order.sku,
    locationId: order.locationId,
    quantity: order.quantity,
    unitCost: centsToMoney(order.unitCostCents),
    currency: 'EUR',
    purchaseOrderId: order.purchaseOrderId,
    occurredAt: receivedAt,
    source: { system: 'erp', documentId: `DN-${order.purchaseOrderId}` },
  };
}
