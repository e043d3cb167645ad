// The registry of every topic on the platform (docs/architecture.md, "Topics"). Services take
// topic names, keys and schemas from here rather than spelling them out, so a renamed or
// re-versioned topic is one change.
import { alertV1Examples } from './alert/v1/alert.example';
import { alertV1Schema } from './alert/v1/alert.schema';
import { catalogItemV1Example } from './catalog-item/v1/catalog-item.example';
import { catalogItemV1Schema } from './catalog-item/v1/catalog-item.schema';
import { catalogLocationV1Example } from './catalog-location/v1/catalog-location.example';
import { catalogLocationV1Schema } from './catalog-location/v1/catalog-location.schema';
import { deadLetterV1Example, deadLetterV1Examples } from './dead-letter/v1/dead-letter.example';
import { deadLetterV1Schema, type DeadLetterV1 } from './dead-letter/v1/dead-letter.schema';
import { inventoryMovementV1Examples } from './inventory-movement/v1/inventory-movement.example';
import { inventoryMovementV1Schema } from './inventory-movement/v1/inventory-movement.schema';
import type { SourceSystem } from './inventory-movement/v1/movement-source.schema';
import { purchaseOrderCostV1Examples } from './purchase-order-cost/v1/purchase-order-cost.example';
import { purchaseOrderCostKey, purchaseOrderCostV1Schema, type PurchaseOrderCostV1 } from './purchase-order-cost/v1/purchase-order-cost.schema';
import { posTransactionV1Examples } from './pos-transaction/v1/pos-transaction.example';
import { posTransactionV1Schema } from './pos-transaction/v1/pos-transaction.schema';
import { reorderSuggestionV1Example } from './reorder-suggestion/v1/reorder-suggestion.example';
import { reservationEventV1Examples } from './reservation-event/v1/reservation-event.example';
import { reservationEventV1Schema } from './reservation-event/v1/reservation-event.schema';
import { reservationReplyV1Examples } from './reservation-reply/v1/reservation-reply.example';
import { reservationReplyV1Schema } from './reservation-reply/v1/reservation-reply.schema';
import { reservationRequestV1Examples } from './reservation-request/v1/reservation-request.example';
import { reservationRequestV1Schema, type ReservationRequestV1 } from './reservation-request/v1/reservation-request.schema';
import { reorderSuggestionV1Schema } from './reorder-suggestion/v1/reorder-suggestion.schema';
import { stockChangedV1Example } from './stock-changed/v1/stock-changed.example';
import { stockChangedV1Schema } from './stock-changed/v1/stock-changed.schema';
import { stockKey } from './stock-key';
import { stockLevelV1Example } from './stock-level/v1/stock-level.example';
import { stockLevelV1Schema } from './stock-level/v1/stock-level.schema';
import { defineEventTopic, defineRawTopic, type Participant } from './topic-definition';

const STOCK_KEY = '`sku@locationId` (see stockKey): one partition per sku and location keeps its events in order';
const bySkuAndLocation = (payload: { sku: string; locationId: string }) => stockKey(payload.sku, payload.locationId);

const producerBySystem = {
  pos: 'pos-ingestion',
  erp: 'erp',
  wms: 'wms',
  ledger: 'inventory-ledger',
  ops: 'store-ops',
} as const satisfies Record<SourceSystem, Participant>;

const deadLetterTopic = (name: string, of: string, producer: 'pos-ingestion' | 'inventory-ledger' | 'reorder-forecasting') =>
  ({
    name,
    eventType: 'platform.dead-letter',
    description: `Records of ${of} that ${producer} could not accept, with the reason. Kept (forever by default) and archived by ${producer} until an operator replays or discards them.`,
    cleanupPolicy: 'delete',
    payloadSchema: deadLetterV1Schema,
    keyDescription: 'The key of the original record, unchanged (null when it had none)',
    keyOf: (payload: DeadLetterV1) => payload.originalKey,
    producers: [producer],
    consumers: [producer, 'ops-dashboard'],
  }) as const;

/** Example of a topic with one example; occurredAt is the payload's own business time. */
function oneExample<P>(name: string, summary: string, payload: P, occurredAt: string) {
  return <V>(valueOf: (name: string, payload: P, meta: { readonly occurredAt: string }) => V) => [
    { name, summary, value: valueOf(name, payload, { occurredAt }) },
  ];
}

export const TOPICS = {
  posTransactionsRaw: defineRawTopic(
    {
      name: 'pos.transactions.raw.v1',
      eventType: 'pos.transaction',
      description:
        'POS transactions published by tills that speak Kafka: the same body as the HTTP API, without an envelope.',
      cleanupPolicy: 'delete',
      payloadSchema: posTransactionV1Schema,
      keyDescription: "storeId: one partition per store keeps a till's sale and its void in order",
      keyOf: (transaction) => transaction.storeId,
      deadLetterTopic: 'pos.transactions.dead-letter.v1',
      producers: ['pos'],
      consumers: ['pos-ingestion'],
    },
    Object.entries(posTransactionV1Examples).map(([type, value]) => ({ name: type, summary: `A POS ${type}`, value })),
  ),
  posTransactionsDeadLetter: defineEventTopic(
    deadLetterTopic('pos.transactions.dead-letter.v1', 'pos.transactions.raw.v1', 'pos-ingestion'),
    oneExample('invalid-quantity', 'A raw POS record with a fractional quantity', deadLetterV1Example, deadLetterV1Example.failedAt),
  ),
  inventoryMovements: defineEventTopic(
    {
      name: 'inventory.movements.v1',
      eventType: 'inventory.movement',
      description:
        'Every change to stock, from tills (via pos-ingestion), ERP and WMS, store operations and the ledger itself. ' +
        'The only input of the ledger.',
      cleanupPolicy: 'delete',
      payloadSchema: inventoryMovementV1Schema,
      keyDescription: STOCK_KEY,
      keyOf: bySkuAndLocation,
      deadLetterTopic: 'inventory.movements.dead-letter.v1',
      producers: ['pos-ingestion', 'erp', 'wms', 'store-ops', 'inventory-ledger'],
      consumers: ['inventory-ledger', 'reorder-forecasting'],
    },
    (valueOf) =>
      Object.values(inventoryMovementV1Examples).map((movement) => ({
        name: movement.kind,
        summary: `A ${movement.kind} movement`,
        value: valueOf(movement.kind, movement, {
          occurredAt: movement.occurredAt,
          producer: producerBySystem[movement.source.system],
        }),
      })),
  ),
  purchaseOrderCosts: defineEventTopic(
    {
      name: 'inventory.purchase-order-costs.v1',
      eventType: 'inventory.purchase-order-cost',
      description:
        'Freight, duty and price differences an ERP posts for a whole purchase order. The ledger shares each over the order\'s receipts it holds, ' +
        'by the value each booked, and posts one landed-cost movement per receipt to inventory.movements.v1 (`<costId>:<receiptMovementId>`). ' +
        'A cost it cannot apply goes to inventory.movements.dead-letter.v1 with the reason.',
      cleanupPolicy: 'delete',
      payloadSchema: purchaseOrderCostV1Schema,
      keyDescription: '`po:<purchaseOrderId>`: one partition per purchase order keeps its costs in the order posted',
      keyOf: (cost: PurchaseOrderCostV1) => purchaseOrderCostKey(cost.purchaseOrderId),
      deadLetterTopic: 'inventory.movements.dead-letter.v1',
      producers: ['erp'],
      consumers: ['inventory-ledger'],
    },
    (valueOf) =>
      Object.entries(purchaseOrderCostV1Examples).map(([name, cost]) => ({
        name,
        summary: `A purchase order cost: ${name}`,
        value: valueOf(name, cost, { occurredAt: cost.occurredAt }),
      })),
  ),
  inventoryMovementsDeadLetter: defineEventTopic(
    deadLetterTopic('inventory.movements.dead-letter.v1', 'inventory.movements.v1', 'inventory-ledger'),
    oneExample('invalid-movement', 'A movement the ledger could not decode', deadLetterV1Examples.ledger, deadLetterV1Examples.ledger.failedAt),
  ),
  stockChanged: defineEventTopic(
    {
      name: 'inventory.stock-changed.v1',
      eventType: 'inventory.stock-changed',
      description: 'One event per applied movement with the balance after it. eventId is `stock-changed:<movementId>`.',
      cleanupPolicy: 'delete',
      payloadSchema: stockChangedV1Schema,
      keyDescription: STOCK_KEY,
      keyOf: bySkuAndLocation,
      producers: ['inventory-ledger'],
      consumers: ['reorder-forecasting', 'erp', 'ops-dashboard', 'pos-ingestion'],
    },
    oneExample('after-sale', 'Balance after a sale of 2', stockChangedV1Example, stockChangedV1Example.occurredAt),
  ),
  // One consumer's dead letters of a topic several services read: the ledger wrote the event, so
  // only reorder-forecasting's reading of it is refused, and only it replays.
  forecastingStockChangedDeadLetter: defineEventTopic(
    deadLetterTopic('forecasting.stock-changed.dead-letter.v1', 'inventory.stock-changed.v1', 'reorder-forecasting'),
    oneExample('invalid-stock-change', 'A stock-changed event reorder-forecasting could not accept', deadLetterV1Examples.forecasting, deadLetterV1Examples.forecasting.failedAt),
  ),
  // Where those dead letters go when replayed: a replay sent back to stock-changed would need a
  // second writer of the ledger's topic and would reach every reader of it, not only the one that
  // refused the event. The values are the ledger's stock-changed events as it published them (or
  // an operator's correction of one), so the contract is stock-changed's.
  forecastingStockChangedReplay: defineEventTopic(
    {
      name: 'forecasting.stock-changed.replay.v1',
      eventType: 'inventory.stock-changed',
      description:
        'Stock-changed events reorder-forecasting dead-lettered, replayed by an operator (unchanged or corrected) with their original key and headers ' +
        'plus x-replay-of. Read by reorder-forecasting alone, like inventory.stock-changed.v1 and counted once per movement id.',
      cleanupPolicy: 'delete',
      payloadSchema: stockChangedV1Schema,
      keyDescription: `The key of the original stock-changed record: ${STOCK_KEY}`,
      keyOf: bySkuAndLocation,
      deadLetterTopic: 'forecasting.stock-changed.dead-letter.v1',
      producers: ['reorder-forecasting'],
      consumers: ['reorder-forecasting'],
    },
    (valueOf) => [
      {
        name: 'corrected',
        summary: 'A stock change replayed with the business time the source meant',
        // The envelope is the ledger's, as it was on stock-changed: a replay does not re-sign it.
        value: valueOf('corrected', stockChangedV1Example, { occurredAt: stockChangedV1Example.occurredAt, producer: 'inventory-ledger' }),
      },
    ],
  ),
  stockLevels: defineEventTopic(
    {
      name: 'inventory.stock-levels.v1',
      eventType: 'inventory.stock-level',
      description:
        'Latest balance per sku and location; compacted, so a consumer can bootstrap current stock from the topic alone.',
      cleanupPolicy: 'compact',
      payloadSchema: stockLevelV1Schema,
      keyDescription: STOCK_KEY,
      keyOf: bySkuAndLocation,
      producers: ['inventory-ledger'],
      consumers: ['erp', 'ops-dashboard'],
    },
    oneExample('current', 'Current stock of one sku at one store', stockLevelV1Example, stockLevelV1Example.updatedAt),
  ),
  alerts: defineEventTopic(
    {
      name: 'inventory.alerts.v1',
      eventType: 'inventory.alert',
      description:
        'Low stock, stockout, negative stock, count variances, sales of SKUs the catalog does not know, and availability ' +
        '(on hand - reserved) reaching zero or rising above it again.',
      cleanupPolicy: 'delete',
      payloadSchema: alertV1Schema,
      keyDescription: STOCK_KEY,
      keyOf: bySkuAndLocation,
      producers: ['inventory-ledger'],
      consumers: ['ops-dashboard', 'erp'],
    },
    (valueOf) =>
      Object.values(alertV1Examples).map((alert) => ({
        name: alert.type,
        summary: `A ${alert.type} alert`,
        value: valueOf(alert.type, alert, { occurredAt: alert.raisedAt }),
      })),
  ),
  reservations: defineEventTopic(
    {
      name: 'inventory.reservations.v1',
      eventType: 'inventory.reservation',
      description:
        'Every change of a reservation (granted, extended, released, expired, fulfilled, consumed by a sale or shipment), ' +
        'once and in order per sku and location, with reserved and on hand after it. eventId is `reservation-event:<sequence>`.',
      cleanupPolicy: 'delete',
      payloadSchema: reservationEventV1Schema,
      keyDescription: STOCK_KEY,
      keyOf: bySkuAndLocation,
      producers: ['inventory-ledger'],
      consumers: ['ops-dashboard', 'erp'],
    },
    (valueOf) =>
      Object.values(reservationEventV1Examples).map((event) => ({
        name: event.kind,
        summary: `A reservation ${event.kind}`,
        value: valueOf(event.kind, event, { occurredAt: event.recordedAt }),
      })),
  ),
  reorderSuggestions: defineEventTopic(
    {
      name: 'forecasting.reorder-suggestions.v1',
      eventType: 'forecasting.reorder-suggestion',
      description: 'Reorder advice per sku and location; compacted, the latest record is the current advice.',
      cleanupPolicy: 'compact',
      payloadSchema: reorderSuggestionV1Schema,
      keyDescription: STOCK_KEY,
      keyOf: bySkuAndLocation,
      producers: ['reorder-forecasting'],
      consumers: ['erp', 'ops-dashboard'],
    },
    oneExample('open', 'Stock position fell to the reorder point', reorderSuggestionV1Example, reorderSuggestionV1Example.raisedAt),
  ),
  catalogItems: defineEventTopic(
    {
      name: 'catalog.items.v1',
      eventType: 'catalog.item',
      description: 'Item master data from the ERP; compacted, the latest record per sku is the item.',
      cleanupPolicy: 'compact',
      payloadSchema: catalogItemV1Schema,
      keyDescription: 'sku',
      keyOf: (item) => item.sku,
      producers: ['erp'],
      consumers: ['pos-ingestion', 'inventory-ledger', 'reorder-forecasting', 'ops-dashboard'],
    },
    oneExample('coffee', 'An item with a reorder policy', catalogItemV1Example, catalogItemV1Example.updatedAt),
  ),
  reservationRequests: defineEventTopic(
    {
      name: 'inventory.reservation-requests.v1',
      eventType: 'inventory.reservation-request',
      description:
        'Reservation requests from order systems that speak Kafka (reserve, reserve across locations, extend, release, fulfil), each answered on ' +
        'inventory.reservation-replies.v1 under its requestId. A record the ledger cannot read goes to its dead-letter topic.',
      cleanupPolicy: 'delete',
      payloadSchema: reservationRequestV1Schema,
      keyDescription: 'A reserve (of lines or across locations): its requestId; the others: their reservationId, so one reservation\'s requests stay in order',
      keyOf: (request: ReservationRequestV1) => (request.action === 'reserve' || request.action === 'reserve-across-locations' ? request.requestId : request.reservationId),
      deadLetterTopic: 'inventory.movements.dead-letter.v1',
      producers: ['erp'],
      consumers: ['inventory-ledger'],
    },
    (valueOf) =>
      Object.entries(reservationRequestV1Examples).map(([name, request]) => ({
        name,
        summary: `A ${name} request`,
        value: valueOf(name, request, { occurredAt: '2025-03-01T09:12:04.000Z' }),
      })),
  ),
  reservationReplies: defineEventTopic(
    {
      name: 'inventory.reservation-replies.v1',
      eventType: 'inventory.reservation-reply',
      description:
        "The ledger's answer to each reservation request, keyed by its requestId. eventId is `reservation-reply:<the request's eventId>`.",
      cleanupPolicy: 'delete',
      payloadSchema: reservationReplyV1Schema,
      keyDescription: 'requestId',
      keyOf: (reply) => reply.requestId,
      producers: ['inventory-ledger'],
      consumers: ['erp'],
    },
    (valueOf) =>
      Object.entries(reservationReplyV1Examples).map(([name, reply]) => ({
        name,
        summary: `A reply: ${name}`,
        value: valueOf(name, reply, { occurredAt: reply.answeredAt }),
      })),
  ),
  catalogLocations: defineEventTopic(
    {
      name: 'catalog.locations.v1',
      eventType: 'catalog.location',
      description:
        'Stores, warehouses and online channels from the ERP; compacted, the latest record per location is the location.',
      cleanupPolicy: 'compact',
      payloadSchema: catalogLocationV1Schema,
      keyDescription: 'locationId',
      keyOf: (location) => location.locationId,
      producers: ['erp'],
      consumers: ['pos-ingestion', 'inventory-ledger', 'reorder-forecasting', 'ops-dashboard'],
    },
    oneExample('store', 'A store', catalogLocationV1Example, catalogLocationV1Example.updatedAt),
  ),
} as const;

export type TopicKey = keyof typeof TOPICS;
export type KnownTopic = (typeof TOPICS)[TopicKey];
export type TopicName = KnownTopic['name'];

export const TOPIC_LIST: readonly KnownTopic[] = Object.values(TOPICS);
