// Refuses movements the rules cannot apply (a receipt without a unit cost, a zero quantity, an
// unknown kind). Types already forbid most of this, but movements arrive from JSON, so the
// checks run at runtime too. Business conditions such as stock going negative are not errors.
import { MAX_WIRE_MONEY, formatMoney, isMoney, isWithinWireRange, multiplyByQuantity } from '@ledgerline/money';
import { LedgerError } from './ledger-error';
import { LANDED_COST_TYPES, LandedCostMovement, LandedCostVarianceMovement, MOVEMENT_KINDS, Movement, ReceiptMovement, TransferShippedMovement } from './movement';
import { valueCarried } from './movement-effects';

export function validateMovement(movement: Movement): void {
  requireText(movement.movementId, 'movementId', movement);
  requireText(movement.sku, 'sku', movement);
  requireText(movement.locationId, 'locationId', movement);
  if (!Number.isSafeInteger(movement.occurredAt)) {
    throw invalid(movement, 'occurredAt', 'must be an integer of milliseconds since the epoch');
  }
  if (!MOVEMENT_KINDS.includes(movement.kind)) {
    throw invalid(movement, 'kind', `is not one of ${MOVEMENT_KINDS.join(', ')}`);
  }
  switch (movement.kind) {
    case 'count':
      requireText(movement.countId, 'countId', movement);
      if (!Number.isSafeInteger(movement.countedQuantity) || movement.countedQuantity < 0) {
        throw invalid(movement, 'countedQuantity', 'must be a whole number of units, zero or more');
      }
      return;
    case 'landed-cost':
    case 'landed-cost-variance':
      requireLandedCost(movement);
      return;
    case 'valuation-method-change':
      if (movement.method !== 'moving-average' && movement.method !== 'fifo') throw invalid(movement, 'method', "must be 'moving-average' or 'fifo'");
      return;
    case 'adjustment':
      requireText(movement.reasonCode, 'reasonCode', movement);
      if (!Number.isSafeInteger(movement.quantity) || movement.quantity === 0) {
        throw invalid(movement, 'quantity', 'must be a non-zero whole number of units (negative removes stock)');
      }
      return;
    default:
      requirePositiveQuantity(movement.quantity, movement);
  }
  switch (movement.kind) {
    case 'void':
      if (movement.voidedKind !== 'sale' && movement.voidedKind !== 'return') {
        throw invalid(movement, 'voidedKind', "must be 'sale' or 'return'");
      }
      return;
    case 'receipt':
      requireCarriedValue(movement);
      return;
    case 'transfer-out':
      requireText(movement.transferId, 'transferId', movement);
      requireOtherLocation(movement.toLocationId, 'toLocationId', movement);
      return;
    case 'transfer-shipped':
      requireText(movement.transferId, 'transferId', movement);
      requireOtherLocation(movement.fromLocationId, 'fromLocationId', movement);
      requireCarriedValue(movement);
      requireCarriedLayers(movement);
      return;
    case 'transfer-in':
      requireText(movement.transferId, 'transferId', movement);
      requireOtherLocation(movement.fromLocationId, 'fromLocationId', movement);
      return;
    default:
      return;
  }
}

function requirePositiveQuantity(quantity: number, movement: Movement): void {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw invalid(movement, 'quantity', 'must be a positive whole number of units');
  }
}

function requireText(value: unknown, field: string, movement: Movement): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(movement, field, 'is required');
  }
}

function requireCost(value: unknown, field: string, movement: Movement): void {
  if (!isMoney(value) || value < 0n) {
    throw invalid(movement, field, 'must be an amount of money (bigint ten-thousandths), zero or more');
  }
}

/**
 * A receipt's or shipment's costs: each an amount of money, the total within rounding of
 * quantity x unitCost (so the two cannot tell different stories), and a value the wire can carry.
 */
function requireCarriedValue(movement: ReceiptMovement | TransferShippedMovement): void {
  requireCost(movement.unitCost, 'unitCost', movement);
  if (movement.totalCost !== undefined) {
    requireCost(movement.totalCost, 'totalCost', movement);
    const gap = movement.totalCost - multiplyByQuantity(movement.unitCost, movement.quantity);
    // unitCost is the total per unit rounded to a ten-thousandth: off by half of one per unit at most.
    if ((gap < 0n ? -gap : gap) * 2n > BigInt(movement.quantity)) {
      throw invalid(movement, 'totalCost', 'differs from quantity x unitCost by more than the rounding of unitCost');
    }
  }
  const value = valueCarried(movement);
  if (!isWithinWireRange(value)) {
    throw new LedgerError(
      'LEDGER.COST_OUT_OF_RANGE',
      `${movement.kind} movement ${movement.movementId}: ${movement.totalCost === undefined ? 'quantity x unitCost' : 'totalCost'} is more than the largest amount of money, ${formatMoney(MAX_WIRE_MONEY)}`,
      movement.totalCost === undefined ? 'unitCost' : 'totalCost',
    );
  }
}

/**
 * A shipment's layers, when it carries them, add up exactly to it: their units to its quantity
 * and their totals to the value it carries, whatever the destination's method (a destination at
 * the average ignores them, but a shipment that disagrees with itself is refused wherever it lands).
 */
function requireCarriedLayers(movement: TransferShippedMovement): void {
  if (movement.layers === undefined) return;
  let units = 0;
  let value = 0n;
  for (const layer of movement.layers) {
    if (!Number.isSafeInteger(layer.units) || layer.units <= 0 || !isMoney(layer.totalCost) || layer.totalCost < 0n || !Number.isSafeInteger(layer.receivedAt)) {
      throw invalid(movement, 'layers', 'must each hold positive whole units, a cost of zero or more and a receipt time');
    }
    units += layer.units;
    value += layer.totalCost;
  }
  if (movement.layers.length === 0 || units !== movement.quantity || value !== valueCarried(movement)) {
    throw invalid(movement, 'layers', `hold ${units} units worth ${formatMoney(value)}, the shipment ${movement.quantity} worth ${formatMoney(valueCarried(movement))}: they must add up to it exactly`);
  }
}

/** A landed cost or its variance: a receipt named, a known cost type, and an amount that is not zero and fits the wire. */
function requireLandedCost(movement: LandedCostMovement | LandedCostVarianceMovement): void {
  requireText(movement.receiptMovementId, 'receiptMovementId', movement);
  if (!LANDED_COST_TYPES.includes(movement.costType)) {
    throw invalid(movement, 'costType', `is not one of ${LANDED_COST_TYPES.join(', ')}`);
  }
  if (!isMoney(movement.amount) || movement.amount === 0n) {
    throw invalid(movement, 'amount', 'must be a non-zero amount of money (bigint ten-thousandths) in the valuation currency: an amount in another currency may convert to zero');
  }
  if (!isWithinWireRange(movement.amount)) {
    throw new LedgerError(
      'LEDGER.COST_OUT_OF_RANGE',
      `${movement.kind} movement ${movement.movementId}: amount is beyond the largest amount of money, ${formatMoney(MAX_WIRE_MONEY)}`,
      'amount',
    );
  }
}

function requireOtherLocation(value: unknown, field: string, movement: Movement): void {
  requireText(value, field, movement);
  if (value === movement.locationId) {
    throw invalid(movement, field, 'must differ from locationId');
  }
}

function invalid(movement: Movement, field: string, reason: string): LedgerError {
  const id = typeof movement.movementId === 'string' ? movement.movementId : '(no id)';
  const kind = typeof movement.kind === 'string' ? movement.kind : '(no kind)';
  return new LedgerError('LEDGER.INVALID_MOVEMENT', `${kind} movement ${id}: ${field} ${reason}`, field);
}
