// Applies one movement to a balance whose item is valued first in, first out: the same contract as
// applyMovement (apply-movement.ts: derived movements, counts, late movements and alerts are the
// same), with the key's layers read beside the balance and returned with the outcome.
// docs/valuation.md, "FIFO layers", is the contract; fifo-layers.ts holds the layer rules.
//
// The balance keeps the figures it keeps under the moving average, so readers of a balance need
// not know the method: inventoryValue is the sum of the on-hand layers (units x last cost at or
// below zero), inTransitValue that of the in-transit layers, and averageUnitCost is value / units
// while on hand is above zero (display only), else the last cost.
import { Money, ZERO_MONEY, divideRounded, mulDiv } from '@ledgerline/money';
import { ApplyContext, MovementOutcome, outcomeOf, requireApplicable } from './apply-movement';
import { unitsStillOnHand } from './cost-correction';
import { FifoLayer, FifoPool, HeldUnits, addAtLastCost, addLayer, correctHeldUnits, fifoPool, takeOldestFirst } from './fifo-layers';
import { receiptUnitsOnHand, requireLandedCostBasis, varianceOf } from './landed-cost';
import { LedgerError } from './ledger-error';
import { CarriedLayer, LandedCostMovement, Movement, TransferShippedMovement } from './movement';
import { ValuedEffect, holeOf, onOrderAfter, shipmentFor, valueCarried } from './movement-effects';
import { StockBalance } from './stock-balance';

/** The open layers of one key, oldest first: on hand and in transit. */
export interface KeyLayers {
  readonly onHand: readonly FifoLayer[];
  readonly inTransit: readonly FifoLayer[];
}

export interface FifoMovementOutcome extends MovementOutcome {
  /** The key's open layers after the movement. */
  readonly layers: KeyLayers;
}

export const NO_LAYERS: KeyLayers = { onHand: [], inTransit: [] };

export function applyFifoMovement(balance: StockBalance, layers: KeyLayers, movement: Movement, context: ApplyContext = {}): FifoMovementOutcome {
  requireApplicable(balance, movement);
  const pools = poolsOf(balance, layers);
  const effect = fifoEffectOf(balance, pools, movement, context);
  const valued: ValuedEffect = {
    onHand: { units: effect.onHand.units, value: effect.onHand.value, unitCost: shownUnitCost(effect.onHand) },
    inTransit: { units: effect.inTransit.units, value: effect.inTransit.value },
    onOrder: onOrderAfter(balance, movement),
    costOfGoodsSold: effect.costOfGoodsSold,
    derived: effect.derived,
  };
  return { ...outcomeOf(balance, movement, context, valued), layers: { onHand: effect.onHand.layers, inTransit: effect.inTransit.layers } };
}

/**
 * The key's pools from its balance and layers, refused when they disagree (a layer store out of
 * step with its balances must stop the key, not be valued on). In transit at zero takes the
 * shelf's last cost: what an arrival beyond what is in transit is estimated at.
 */
export function poolsOf(balance: StockBalance, layers: KeyLayers): { readonly onHand: FifoPool; readonly inTransit: FifoPool } {
  const onHand = fifoPool(layers.onHand, balance.onHand, balance.averageUnitCost);
  requireSameValue(onHand, balance.inventoryValue, 'on hand', balance);
  const inTransitCost = balance.inTransit < 0 ? divideRounded(balance.inTransitValue, balance.inTransit) : onHand.lastCost;
  const inTransit = fifoPool(layers.inTransit, balance.inTransit, inTransitCost);
  requireSameValue(inTransit, balance.inTransitValue, 'in transit', balance);
  return { onHand, inTransit };
}

/** What the balance shows as its unit cost: the average while units are held (display only), else the last cost. */
export function shownUnitCost(pool: FifoPool): Money {
  return pool.units > 0 ? divideRounded(pool.value, pool.units) : pool.lastCost;
}

interface FifoEffect {
  readonly onHand: FifoPool;
  readonly inTransit: FifoPool;
  readonly costOfGoodsSold: Money;
  readonly derived: readonly Movement[];
}

function fifoEffectOf(balance: StockBalance, pools: { readonly onHand: FifoPool; readonly inTransit: FifoPool }, movement: Movement, context: ApplyContext): FifoEffect {
  const unchanged: FifoEffect = { ...pools, costOfGoodsSold: ZERO_MONEY, derived: [] };
  const at = movement.occurredAt;
  switch (movement.kind) {
    case 'sale':
      return takeFromShelf(unchanged, movement.quantity, at, true);
    case 'return':
      return returnToShelf(unchanged, movement.quantity, at, true);
    case 'void':
      return movement.voidedKind === 'sale' ? returnToShelf(unchanged, movement.quantity, at, true) : takeFromShelf(unchanged, movement.quantity, at, true);
    case 'adjustment':
      return movement.quantity > 0 ? returnToShelf(unchanged, movement.quantity, at, false) : takeFromShelf(unchanged, -movement.quantity, at, false);
    case 'receipt': {
      const added = addLayer(pools.onHand, movement.quantity, valueCarried(movement), at);
      return { ...unchanged, onHand: added.pool, costOfGoodsSold: added.trueUp };
    }
    case 'transfer-out': {
      const removed = takeOldestFirst(pools.onHand, movement.quantity, at);
      return { ...unchanged, onHand: removed.pool, derived: [shipmentFor(movement, removed.removedValue, removed.taken)] };
    }
    case 'transfer-shipped':
      return shipmentArrivesInTransit(unchanged, balance, movement, context);
    case 'transfer-in': {
      // Oldest in transit first; units beyond what is in transit arrive at its last cost, dated now.
      const transit = takeOldestFirst(pools.inTransit, movement.quantity, at);
      const shelf = addEach(pools.onHand, transit.taken);
      return { ...unchanged, onHand: shelf.pool, inTransit: transit.pool, costOfGoodsSold: shelf.trueUp };
    }
    case 'landed-cost':
      return landedCostOnLayers(unchanged, movement, context);
    case 'landed-cost-variance':
      return { ...unchanged, costOfGoodsSold: movement.amount };
    case 'count':
    case 'valuation-method-change':
    case 'order-placed':
    case 'order-cancelled':
      return unchanged;
  }
}

function takeFromShelf(effect: FifoEffect, quantity: number, at: number, isCostOfSales: boolean): FifoEffect {
  const removed = takeOldestFirst(effect.onHand, quantity, at);
  return { ...effect, onHand: removed.pool, costOfGoodsSold: isCostOfSales ? removed.removedValue : ZERO_MONEY };
}

function returnToShelf(effect: FifoEffect, quantity: number, at: number, isCostOfSales: boolean): FifoEffect {
  const added = addAtLastCost(effect.onHand, quantity, at);
  return { ...effect, onHand: added.pool, costOfGoodsSold: isCostOfSales ? -added.addedValue : ZERO_MONEY };
}

/** Opens one layer per element, in order; the true-ups add up (each element may fill part of a hole). */
function addEach(pool: FifoPool, elements: readonly CarriedLayer[]): { readonly pool: FifoPool; readonly trueUp: Money } {
  let current = pool;
  let trueUp = ZERO_MONEY;
  for (const element of elements) {
    const added = addLayer(current, element.units, element.totalCost, element.receivedAt);
    current = added.pool;
    trueUp += added.trueUp;
  }
  return { pool: current, trueUp };
}

function shipmentArrivesInTransit(effect: FifoEffect, balance: StockBalance, movement: TransferShippedMovement, context: ApplyContext): FifoEffect {
  const shipped = addEach(effect.inTransit, carriedBy(movement));
  if (shipped.trueUp === ZERO_MONEY) return { ...effect, inTransit: shipped.pool };
  // Goods received before their shipment sit on the shelf at an estimate: the shipment's exact
  // value corrects every unit of in transit's hole, split over the early arrivals' units still held.
  const hole = holeOf(balance, movement, context.earlyArrivals);
  const shelf = effect.onHand.units;
  const runs = hole.map((arrival) => heldRun(shelf, arrival.units, arrival.arrivedSince));
  const corrected = correctRuns(effect.onHand, runs, shipped.trueUp, -balance.inTransit);
  return { ...effect, onHand: corrected.pool, inTransit: shipped.pool, costOfGoodsSold: corrected.toCostOfGoodsSold };
}

function landedCostOnLayers(effect: FifoEffect, movement: LandedCostMovement, context: ApplyContext): FifoEffect {
  const basis = requireLandedCostBasis(movement, context.landedCostBasis);
  const held = receiptUnitsOnHand(effect.onHand.units, basis);
  const run = { from: effect.onHand.units - basis.arrivedSince - held, units: held };
  const corrected = correctRuns(effect.onHand, [run], movement.amount, basis.receiptQuantity);
  const variance = varianceOf(movement, corrected.toCostOfGoodsSold);
  return { ...effect, onHand: corrected.pool, derived: variance === null ? [] : [variance] };
}

/**
 * Of `units` that came onto a shelf of `onHand` units followed by `arrivedSince` more, those still
 * held, by position: the shelf is a queue, so they are the ones just before the later arrivals.
 */
function heldRun(onHand: number, units: number, arrivedSince: number): HeldUnits {
  const held = unitsStillOnHand(onHand, units, arrivedSince);
  return { from: onHand - arrivedSince - held, units: held };
}

/** Splits `amount`, a cost of `unitsCorrected` units, between the runs still held (their share, one rounding) and cost of goods sold (the rest), as cost-correction.ts does for the pool. */
function correctRuns(pool: FifoPool, runs: readonly HeldUnits[], amount: Money, unitsCorrected: number): { readonly pool: FifoPool; readonly toCostOfGoodsSold: Money } {
  let held = 0;
  for (const run of runs) held += run.units;
  if (held === 0) return { pool, toCostOfGoodsSold: amount };
  const corrected = correctHeldUnits(pool, runs, mulDiv(amount, held, unitsCorrected));
  return { pool: corrected.pool, toCostOfGoodsSold: amount - corrected.absorbed };
}

/** The layers a shipment carries, or one layer dated at the shipment when its source sent none; refused unless they add up to it. */
function carriedBy(movement: TransferShippedMovement): readonly CarriedLayer[] {
  const total = valueCarried(movement);
  if (movement.layers === undefined) return [{ units: movement.quantity, totalCost: total, receivedAt: movement.occurredAt }];
  let units = 0;
  let value = ZERO_MONEY;
  for (const element of movement.layers) {
    if (!Number.isSafeInteger(element.units) || element.units <= 0 || typeof element.totalCost !== 'bigint' || element.totalCost < 0n || !Number.isSafeInteger(element.receivedAt)) {
      throw new LedgerError('LEDGER.INVALID_MOVEMENT', `transfer-shipped movement ${movement.movementId}: each of its layers needs positive whole units, a cost of zero or more and a receipt time`, 'layers');
    }
    units += element.units;
    value += element.totalCost;
  }
  if (units !== movement.quantity || value !== total) {
    throw new LedgerError(
      'LEDGER.INVALID_MOVEMENT',
      `transfer-shipped movement ${movement.movementId}: its layers hold ${units} units worth ${value}, the shipment ${movement.quantity} worth ${total}`,
      'layers',
    );
  }
  return movement.layers;
}

function requireSameValue(pool: FifoPool, recorded: Money, what: string, balance: StockBalance): void {
  if (pool.value !== recorded) {
    throw new Error(`${balance.sku}@${balance.locationId}: ${what} layers are worth ${pool.value}, the balance records ${recorded}`);
  }
}
