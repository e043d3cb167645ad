// What each movement kind does to quantities and value: the table "Movement kinds and their
// effect on a balance" in docs/architecture.md, valued with the pool rules of valuation-pool.ts.
// Counts and the late-movement rule live in physical-count.ts; this file knows neither.
import { Money, ZERO_MONEY, divideRounded, multiplyByQuantity } from '@ledgerline/money';
import { correctShelfCost } from './cost-correction';
import { EarlyArrival, earlyArrivalUnits, earlyArrivalUnitsOnHand } from './early-arrivals';
import { LedgerError } from './ledger-error';
import { Movement, ReceiptMovement, TransferOutMovement, TransferShippedMovement } from './movement';
import { StockBalance } from './stock-balance';
import { ValuationPool, addAtAverageCost, addAtKnownCost, removeAtAverageCost } from './valuation-pool';

export interface StockEffect {
  readonly onHand: ValuationPool;
  readonly inTransit: { readonly units: number; readonly value: Money };
  readonly onOrder: number;
  /**
   * Cost recognised in profit and loss: positive for sales (and voided returns), negative for
   * returns (and voided sales), plus any true-up when units sold short are finally costed.
   */
  readonly costOfGoodsSold: Money;
  /** Movements for other balances (the shipment a transfer-out sends to its destination). */
  readonly derivedForOtherKeys: readonly Movement[];
}

/** `earlyArrivals`: for a transfer-shipped while in transit is below zero, the arrivals in that hole (early-arrivals.ts). */
export function stockEffectOf(balance: StockBalance, movement: Movement, earlyArrivals?: readonly EarlyArrival[]): StockEffect {
  const onHand = onHandPool(balance);
  const unchanged: StockEffect = {
    onHand,
    inTransit: { units: balance.inTransit, value: balance.inTransitValue },
    onOrder: balance.onOrder,
    costOfGoodsSold: ZERO_MONEY,
    derivedForOtherKeys: [],
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
      const onOrder = movement.purchaseOrderId === undefined ? balance.onOrder : reduceOnOrder(balance.onOrder, movement.quantity);
      return { ...unchanged, onHand: added.pool, onOrder, costOfGoodsSold: added.trueUp };
    }
    case 'transfer-out': {
      const removed = removeAtAverageCost(onHand, movement.quantity);
      return { ...unchanged, onHand: removed.pool, derivedForOtherKeys: [shipmentFor(movement, removed.removedValue)] };
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
      return { ...unchanged, onOrder: balance.onOrder + movement.quantity };
    case 'order-cancelled':
      return { ...unchanged, onOrder: reduceOnOrder(balance.onOrder, movement.quantity) };
    case 'count':
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

function removeFromShelf(effect: StockEffect, quantity: number, isCostOfSales: boolean): StockEffect {
  const removed = removeAtAverageCost(effect.onHand, quantity);
  return { ...effect, onHand: removed.pool, costOfGoodsSold: isCostOfSales ? removed.removedValue : ZERO_MONEY };
}

function addToShelf(effect: StockEffect, quantity: number, isCostOfSales: boolean): StockEffect {
  const added = addAtAverageCost(effect.onHand, quantity);
  return { ...effect, onHand: added.pool, costOfGoodsSold: isCostOfSales ? -added.addedValue : ZERO_MONEY };
}

function shipmentArrivesInTransit(effect: StockEffect, balance: StockBalance, movement: TransferShippedMovement, earlyArrivals: readonly EarlyArrival[] | undefined): StockEffect {
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
function holeOf(balance: StockBalance, movement: TransferShippedMovement, earlyArrivals: readonly EarlyArrival[] | undefined): readonly EarlyArrival[] {
  if (earlyArrivals === undefined) {
    throw new LedgerError('LEDGER.MISSING_CONTEXT', `transfer-shipped ${movement.movementId} fills in transit below zero and needs the early arrivals it corrects`, 'earlyArrivals');
  }
  if (earlyArrivalUnits(earlyArrivals) !== -balance.inTransit) {
    throw new Error(`transfer-shipped ${movement.movementId}: the early arrivals supplied hold ${earlyArrivalUnits(earlyArrivals)} units, in transit is ${balance.inTransit}`);
  }
  return earlyArrivals;
}

function shipmentFor(transfer: TransferOutMovement, removedValue: Money): TransferShippedMovement {
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

function reduceOnOrder(onOrder: number, quantity: number): number {
  return onOrder - Math.min(quantity, onOrder);
}
