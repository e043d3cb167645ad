// Public entry of @ledgerline/contracts: the versioned event contracts of every topic (zod schema
// and the TypeScript type inferred from it), the topic registry, the envelope, and the helpers
// that validate and decode values at the edges. Depends on zod only.

export * from './primitives/identifier.schema';
export * from './primitives/money.schema';
export * from './primitives/quantity.schema';
export * from './primitives/text.schema';
export * from './primitives/timestamp.schema';

export * from './envelope/envelope.schema';
export * from './envelope/create-envelope';

export * from './pos-transaction/v1/pos-transaction.schema';
export * from './pos-transaction/v1/pos-transaction-batch.schema';
export * from './pos-transaction/v1/pos-transaction.example';
export * from './inventory-movement/v1/movement-source.schema';
export * from './inventory-movement/v1/inventory-movement.schema';
export * from './inventory-movement/v1/inventory-movement.example';
export * from './purchase-order-cost/v1/purchase-order-cost.schema';
export * from './purchase-order-cost/v1/purchase-order-cost.example';
export * from './stock-changed/v1/stock-changed.schema';
export * from './stock-changed/v1/stock-changed.example';
export * from './stock-level/v1/stock-level.schema';
export * from './stock-level/v1/stock-level.example';
export * from './stock-level/v1/stock-level-order';
export * from './alert/v1/alert.schema';
export * from './alert/v1/alert.example';
export * from './reservation-event/v1/reservation-event.schema';
export * from './reservation-event/v1/reservation-event.example';
export * from './reservation-request/v1/reservation-request.schema';
export * from './reservation-request/v1/reservation-request.example';
export * from './reservation-reply/v1/reservation-reply.schema';
export * from './reservation-reply/v1/reservation-reply.example';
export * from './reorder-suggestion/v1/reorder-suggestion.schema';
export * from './reorder-suggestion/v1/reorder-suggestion.example';
export * from './dead-letter/v1/dead-letter.schema';
export * from './dead-letter/v1/dead-letter.example';
export * from './catalog-item/v1/catalog-item.schema';
export * from './catalog-item/v1/catalog-item.example';
export * from './catalog-location/v1/catalog-location.schema';
export * from './catalog-location/v1/catalog-location.example';

export * from './stock-key';
export * from './topic-definition';
export * from './topics';
export * from './topic-lookup';

export * from './validation/validate-contract';
export * from './validation/decode-event';
export * from './validation/encode-event';
export * from './validation/content-fingerprint';
