// What each movement kind does to quantities and value: the table "Movement kinds and their
// effect on a balance" in docs/architecture.md, valued with the pool rules of valuation-pool.ts.
// Counts and the late-movement rule live in physical-count.ts; this file knows neither.
import { Money, ZERO_MONEY, divideRounded, multiplyByQuantity } from '@ledgerline/money';
import { correctShelfCost } from './cost-correction';
import { EarlyArrival, earlyArrivalUnits, earlyArrivalUnitsOnHand } from './early-arrivals';
import { LedgerError } from './ledger-error';
import { CarriedLayer, Movement, ReceiptMovement, TransferOutMovement, TransferShippedMovement } from './movement';
import { StockBalance } from './stock-balance';
import { ValuationPool, addAtAverageCost, addAtKnownCost, removeAtAverageCost } from './valuation-pool';

/**
 * What a valuation method says a movement does to the key's figures, before counts, the
 * late-movement rule and alerts (apply-movement.ts), which are the same whatever the method.
 */
export interface ValuedEffect {
  /** On hand after the movement: units, value and the unit cost the balance shows. */
  readonly onHand: ValuationPool;
  readonly inTransit: { readonly units: number; readonly value: Money };
  readonly onOrder: number;
  /**
   * Cost recognised in profit and loss: positive for sales (and voided returns), negative for
   * returns (and voided sales), plus any true-up when units sold short are finally costed.
   */
  readonly costOfGoodsSold: Money;
  /** The method's own derivations (the shipment a transfer-out sends to its destination, a landed cost's variance), in this order. */
  readonly derived: readonly Movement[];
}

/** `earlyArrivals`: for a transfer-shipped while in transit is below zero, the arrivals in that hole (early-arrivals.ts). */
export function stockEffectOf(balance: StockBalance, movement: Movement, earlyArrivals?: readonly EarlyArrival[]): ValuedEffect {
  const onHand = onHandPool(balance);
  const unchanged: ValuedEffect = {
    onHand,
    inTransit: { units: balance.inTransit, value: balance.inTransitValue },
    onOrder: balance.onOrder,
    costOfGoodsSold: ZERO_MONEY,
    derived: [],
  };
  switch (movement.kind) {
    case 'sale':
      return removeFromShelf(unchanged, movement.quantity, true);
    case 'return':
      return addToShelf(unchanged, movement.quantity, true);
    case 'void':
      // A void undoes the voided line, at today's average cost.
      return movement.voidedKind === 'sale'
        ? addToShelf(unchanged, movement.quantity, true)
        : removeFromShelf(unchanged, movement.quantity, true);
    case 'adjustment':
      // Shrinkage or found stock: a change of value, not a cost of goods sold.
      return movement.quantity > 0
        ? addToShelf(unchanged, movement.quantity, false)
        : removeFromShelf(unchanged, -movement.quantity, false);
    case 'receipt': {
      const added = addAtKnownCost(onHand, movement.quantity, valueCarried(movement));
      return { ...unchanged, onHand: added.pool, onOrder: onOrderAfter(balance, movement), costOfGoodsSold: added.trueUp };
    }
    case 'transfer-out': {
      const removed = removeAtAverageCost(onHand, movement.quantity);
      return { ...unchanged, onHand: removed.pool, derived: [shipmentFor(movement, removed.removedValue)] };
    }
    case 'transfer-shipped':
      return shipmentArrivesInTransit(unchanged, balance, movement, earlyArrivals);
    case 'transfer-in': {
      // Units and their value move from in transit to the shelf, valued like a receipt at the
      // in-transit cost (the destination's own average when nothing was in transit).
      const transit = removeAtAverageCost(inTransitPool(balance), movement.quantity);
      const added = addAtKnownCost(onHand, movement.quantity, transit.removedValue);
      return { ...unchanged, onHand: added.pool, inTransit: transit.pool, costOfGoodsSold: added.trueUp };
    }
    case 'order-placed':
    case 'order-cancelled':
      return { ...unchanged, onOrder: onOrderAfter(balance, movement) };
    case 'count':
    case 'valuation-method-change':
      return unchanged;
    case 'landed-cost':
      // Valued with its receipt by landed-cost.ts (applyMovement supplies the receipt).
      return unchanged;
    case 'landed-cost-variance':
      // The part of a landed cost for units no longer on the shelf: cost of goods sold only.
      return { ...unchanged, costOfGoodsSold: movement.amount };
  }
}

/** The exact value a receipt or shipment brings: its total when stated, else quantity x unit cost (older producers). */
export function valueCarried(movement: ReceiptMovement | TransferShippedMovement): Money {
  return movement.totalCost ?? multiplyByQuantity(movement.unitCost, movement.quantity);
}

/** The deterministic id of the shipment a transfer-out derives, so a replay derives the same one. */
export function shipmentMovementId(transferOutMovementId: string): string {
  return `${transferOutMovementId}:shipped`;
}

function removeFromShelf(effect: ValuedEffect, quantity: number, isCostOfSales: boolean): ValuedEffect {
  const removed = removeAtAverageCost(effect.onHand, quantity);
  return { ...effect, onHand: removed.pool, costOfGoodsSold: isCostOfSales ? removed.removedValue : ZERO_MONEY };
}

function addToShelf(effect: ValuedEffect, quantity: number, isCostOfSales: boolean): ValuedEffect {
  const added = addAtAverageCost(effect.onHand, quantity);
  return { ...effect, onHand: added.pool, costOfGoodsSold: isCostOfSales ? -added.addedValue : ZERO_MONEY };
}

function shipmentArrivesInTransit(effect: ValuedEffect, balance: StockBalance, movement: TransferShippedMovement, earlyArrivals: readonly EarlyArrival[] | undefined): ValuedEffect {
  const shipped = addAtKnownCost(inTransitPool(balance), movement.quantity, valueCarried(movement));
  if (shipped.trueUp === ZERO_MONEY) return { ...effect, inTransit: shipped.pool };
  // A true-up here means goods were received before their shipment was known and were put on the
  // shelf at an estimate: it corrects every unit of in transit's hole (those the shipment fills
  // take its value, the rest its unit cost). Split like a landed cost: the hole's units still on
  // the shelf take their share, the rest is cost of goods sold.
  const hole = balance.inTransit < 0 ? holeOf(balance, movement, earlyArrivals) : [];
  const correction = correctShelfCost(effect.onHand, shipped.trueUp, earlyArrivalUnitsOnHand(effect.onHand.units, hole), -balance.inTransit);
  return { ...effect, onHand: correction.onHand, inTransit: shipped.pool, costOfGoodsSold: correction.toCostOfGoodsSold };
}

/** The early arrivals the caller supplied, refused unless they are exactly in transit's hole. */
export function holeOf(balance: StockBalance, movement: TransferShippedMovement, earlyArrivals: readonly EarlyArrival[] | undefined): readonly EarlyArrival[] {
  if (earlyArrivals === undefined) {
    throw new LedgerError('LEDGER.MISSING_CONTEXT', `transfer-shipped ${movement.movementId} fills in transit below zero and needs the early arrivals it corrects`, 'earlyArrivals');
  }
  if (earlyArrivalUnits(earlyArrivals) !== -balance.inTransit) {
    throw new Error(`transfer-shipped ${movement.movementId}: the early arrivals supplied hold ${earlyArrivalUnits(earlyArrivals)} units, in transit is ${balance.inTransit}`);
  }
  return earlyArrivals;
}

/** The shipment a transfer-out derives for its destination, carrying exactly the value the source lost (and, under FIFO, its layers). */
export function shipmentFor(transfer: TransferOutMovement, removedValue: Money, layers?: readonly CarriedLayer[]): TransferShippedMovement {
  return {
    kind: 'transfer-shipped',
    movementId: shipmentMovementId(transfer.movementId),
    sku: transfer.sku,
    locationId: transfer.toLocationId,
    occurredAt: transfer.occurredAt,
    causedByMovementId: transfer.movementId,
    quantity: transfer.quantity,
    transferId: transfer.transferId,
    fromLocationId: transfer.locationId,
    unitCost: divideRounded(removedValue, transfer.quantity),
    totalCost: removedValue,
    ...(layers === undefined ? {} : { layers }),
  };
}

function onHandPool(balance: StockBalance): ValuationPool {
  return { units: balance.onHand, value: balance.inventoryValue, unitCost: balance.averageUnitCost };
}

function inTransitPool(balance: StockBalance): ValuationPool {
  // In transit keeps no cost of its own: it is value / units (exact when negative, rule 2), and
  // with nothing in transit the destination's own average stands in.
  const unitCost = balance.inTransit !== 0 ? divideRounded(balance.inTransitValue, balance.inTransit) : balance.averageUnitCost;
  return { units: balance.inTransit, value: balance.inTransitValue, unitCost };
}

/** Units on open purchase orders after `movement`, whatever the valuation method. */
export function onOrderAfter(balance: StockBalance, movement: Movement): number {
  switch (movement.kind) {
    case 'order-placed':
      return balance.onOrder + movement.quantity;
    case 'order-cancelled':
      return reduceOnOrder(balance.onOrder, movement.quantity);
    case 'receipt':
      return movement.purchaseOrderId === undefined ? balance.onOrder : reduceOnOrder(balance.onOrder, movement.quantity);
    default:
      return balance.onOrder;
  }
}

function reduceOnOrder(onOrder: number, quantity: number): number {
  return onOrder - Math.min(quantity, onOrder);
}
