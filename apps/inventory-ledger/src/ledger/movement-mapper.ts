// Translates between the wire contract of a movement (inventory-movement/v1: ISO times, decimal
// money strings) and the domain's movement (epoch milliseconds, bigint money). Derived movements
// go the other way, to be stored and published like any other.
//
// Costs: given the ledger's valuation currency, a receipt's or shipment's cost is brought into it
// (costInValuationCurrency: converted at its exchangeRate, or refused without one). The stored
// event keeps the cost as stated, so a key's history shows both. The exact `totalCost` travels
// both ways, so the value a transfer takes from its source is the value its destination receives.
// A landed cost's amount is brought into the valuation currency by the same rules. A shipment from
// a source valued first in, first out carries its layers both ways too.
import type { InventoryMovementV1, MovementOfKind } from '@ledgerline/contracts';
import { LedgerError, costInValuationCurrency, type CarriedLayer, type Movement, type ValuedCost } from '@ledgerline/inventory-domain';
import { formatMoney, parseMoney, type Money } from '@ledgerline/money';

type CostCarrier = MovementOfKind<'receipt'> | MovementOfKind<'transfer-shipped'>;

/** The movement with its cost in the ledger's valuation currency (refused without the rate it needs). */
export function toDomainMovement(wire: InventoryMovementV1, valuationCurrency: string): Movement {
  return mapMovement(wire, valuationCurrency);
}

/**
 * The movement with its cost as stated, unconverted. Only for recognising a movement the ledger
 * already applied (a redelivery of one recorded before its currency was checked); a movement
 * mapped this way is never applied.
 */
export function toDomainMovementAsStated(wire: InventoryMovementV1): Movement {
  return mapMovement(wire, undefined);
}

// Every case spells out the fields all kinds share instead of spreading a shared base: V8 builds
// an object spread and then given properties its source lacks on its slow path, a new hidden
// class per object, which cost more than the rest of the mapping on every movement read.
function mapMovement(wire: InventoryMovementV1, valuationCurrency: string | undefined): Movement {
  const { movementId, sku, locationId } = wire;
  const occurredAt = Date.parse(wire.occurredAt);
  switch (wire.kind) {
    case 'sale':
    case 'return':
      return { movementId, sku, locationId, occurredAt, kind: wire.kind, quantity: wire.quantity };
    case 'void':
      return { movementId, sku, locationId, occurredAt, kind: 'void', quantity: wire.quantity, voidedKind: wire.voidedKind };
    case 'receipt': {
      const cost = valuedCost(wire, valuationCurrency);
      return cost.totalCost === undefined
        ? { movementId, sku, locationId, occurredAt, kind: 'receipt', quantity: wire.quantity, unitCost: cost.unitCost, purchaseOrderId: wire.purchaseOrderId }
        : { movementId, sku, locationId, occurredAt, kind: 'receipt', quantity: wire.quantity, unitCost: cost.unitCost, totalCost: cost.totalCost, purchaseOrderId: wire.purchaseOrderId };
    }
    case 'adjustment':
      return { movementId, sku, locationId, occurredAt, kind: 'adjustment', quantity: wire.quantity, reasonCode: wire.reasonCode };
    case 'transfer-out':
      return { movementId, sku, locationId, occurredAt, kind: 'transfer-out', quantity: wire.quantity, transferId: wire.transferId, toLocationId: wire.toLocationId };
    case 'transfer-shipped': {
      // Rare on the wire: its optional parts are spread in, as they come.
      const cost = valuedCost(wire, valuationCurrency);
      const layers = carriedLayers(wire, valuationCurrency);
      return {
        movementId,
        sku,
        locationId,
        occurredAt,
        kind: 'transfer-shipped',
        quantity: wire.quantity,
        transferId: wire.transferId,
        fromLocationId: wire.fromLocationId,
        ...cost,
        ...(layers === undefined ? {} : { layers }),
      };
    }
    case 'transfer-in':
      return { movementId, sku, locationId, occurredAt, kind: 'transfer-in', quantity: wire.quantity, transferId: wire.transferId, fromLocationId: wire.fromLocationId };
    case 'count':
      return { movementId, sku, locationId, occurredAt, kind: 'count', countId: wire.countId, countedQuantity: wire.countedQuantity };
    case 'order-placed':
    case 'order-cancelled':
      return { movementId, sku, locationId, occurredAt, kind: wire.kind, quantity: wire.quantity, purchaseOrderId: wire.purchaseOrderId };
    case 'landed-cost':
      return { movementId, sku, locationId, occurredAt, kind: 'landed-cost', receiptMovementId: wire.receiptMovementId, amount: landedAmount(wire, valuationCurrency), costType: wire.costType };
    case 'landed-cost-variance':
      return { movementId, sku, locationId, occurredAt, kind: 'landed-cost-variance', receiptMovementId: wire.receiptMovementId, amount: parseMoney(wire.amount), costType: wire.costType };
    case 'valuation-method-change':
      return { movementId, sku, locationId, occurredAt, kind: 'valuation-method-change', method: wire.method };
  }
}

/** The wire form of a movement the ledger derived itself (source system 'ledger'). */
export function toWireMovement(movement: Movement): InventoryMovementV1 {
  const base = {
    movementId: movement.movementId,
    sku: movement.sku,
    locationId: movement.locationId,
    occurredAt: new Date(movement.occurredAt).toISOString(),
    source: { system: 'ledger' as const, ...(movement.causedByMovementId ? { documentId: truncate(movement.causedByMovementId) } : {}) },
  };
  switch (movement.kind) {
    case 'sale':
    case 'return':
      return { ...base, kind: movement.kind, quantity: movement.quantity };
    case 'void':
      return { ...base, kind: 'void', quantity: movement.quantity, voidedKind: movement.voidedKind, voidedMovementId: movement.causedByMovementId ?? movement.movementId };
    case 'receipt':
      return withOptional(
        withOptional({ ...base, kind: 'receipt', quantity: movement.quantity, unitCost: formatMoney(movement.unitCost) }, 'totalCost', moneyText(movement.totalCost)),
        'purchaseOrderId',
        movement.purchaseOrderId,
      );
    case 'adjustment':
      return { ...base, kind: 'adjustment', quantity: movement.quantity, reasonCode: movement.reasonCode as MovementOfKind<'adjustment'>['reasonCode'] };
    case 'transfer-out':
      return { ...base, kind: 'transfer-out', quantity: movement.quantity, transferId: movement.transferId, toLocationId: movement.toLocationId };
    case 'transfer-shipped':
      return withOptional(
        {
          ...base,
          kind: 'transfer-shipped',
          quantity: movement.quantity,
          transferId: movement.transferId,
          fromLocationId: movement.fromLocationId,
          unitCost: formatMoney(movement.unitCost),
          ...(movement.layers === undefined
            ? {}
            : { layers: movement.layers.map((layer) => ({ units: layer.units, totalCost: formatMoney(layer.totalCost), receivedAt: new Date(layer.receivedAt).toISOString() })) }),
        },
        'totalCost',
        moneyText(movement.totalCost),
      );
    case 'transfer-in':
      return { ...base, kind: 'transfer-in', quantity: movement.quantity, transferId: movement.transferId, fromLocationId: movement.fromLocationId };
    case 'count':
      return { ...base, kind: 'count', countId: movement.countId, countedQuantity: movement.countedQuantity };
    case 'order-placed':
    case 'order-cancelled':
      return { ...base, kind: movement.kind, quantity: movement.quantity, purchaseOrderId: movement.purchaseOrderId ?? movement.movementId };
    case 'landed-cost':
    case 'landed-cost-variance':
      return {
        ...base,
        kind: movement.kind,
        receiptMovementId: movement.receiptMovementId,
        amount: formatMoney(movement.amount),
        costType: movement.costType as MovementOfKind<'landed-cost'>['costType'],
      };
    case 'valuation-method-change':
      return { ...base, kind: 'valuation-method-change', method: movement.method };
  }
}

function valuedCost(wire: CostCarrier, valuationCurrency: string | undefined): ValuedCost {
  const unitCost = parseMoney(wire.unitCost);
  const totalCost = wire.totalCost === undefined ? undefined : parseMoney(wire.totalCost);
  if (valuationCurrency === undefined) return totalCost === undefined ? { unitCost } : { unitCost, totalCost };
  return costInValuationCurrency(
    { movementId: wire.movementId, quantity: wire.quantity, unitCost, totalCost, currency: wire.currency, exchangeRate: wire.exchangeRate },
    valuationCurrency,
  );
}

/**
 * A shipment's layers, in the valuation currency only: the ledger derives shipments in its own
 * currency, and converting each element apart could break their adding up to the shipment.
 */
function carriedLayers(wire: MovementOfKind<'transfer-shipped'>, valuationCurrency: string | undefined): CarriedLayer[] | undefined {
  if (wire.layers === undefined) return undefined;
  if (valuationCurrency !== undefined && (wire.exchangeRate !== undefined || (wire.currency !== undefined && wire.currency !== valuationCurrency))) {
    throw new LedgerError('LEDGER.INVALID_MOVEMENT', `transfer-shipped movement ${wire.movementId}: layers are carried only in the valuation currency, ${valuationCurrency}`, 'layers');
  }
  return wire.layers.map((layer) => ({ units: layer.units, totalCost: parseMoney(layer.totalCost), receivedAt: Date.parse(layer.receivedAt) }));
}

/** A landed cost's amount in the valuation currency: converted as one total at its rate, like a receipt's. */
function landedAmount(wire: MovementOfKind<'landed-cost'>, valuationCurrency: string | undefined): Money {
  const amount = parseMoney(wire.amount);
  if (valuationCurrency === undefined) return amount;
  const valued = costInValuationCurrency({ movementId: wire.movementId, quantity: 1, unitCost: amount, currency: wire.currency, exchangeRate: wire.exchangeRate }, valuationCurrency);
  return valued.totalCost ?? valued.unitCost;
}

function moneyText(amount: Money | undefined): string | undefined {
  return amount === undefined ? undefined : formatMoney(amount);
}

function withOptional<T extends object, K extends string, V>(value: T, key: K, optional: V | undefined): T & Partial<Record<K, V>> {
  return optional === undefined ? value : { ...value, [key]: optional };
}

// Identifiers on the wire are at most 64 characters; a derived id's cause can be longer.
function truncate(id: string): string {
  return id.length <= 64 ? id : id.slice(0, 64);
}
