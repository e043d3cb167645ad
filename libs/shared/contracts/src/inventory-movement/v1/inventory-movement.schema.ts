// Inventory movement, v1: the one input of the ledger, keyed sku@locationId on
// inventory.movements.v1. A discriminated union on `kind`; each kind carries exactly the fields
// its effect on a balance needs (docs/architecture.md, "Movement kinds").
import { z } from 'zod';
import { identifierSchema, locationIdSchema, movementIdSchema, skuSchema } from '../../primitives/identifier.schema';
import { currencySchema, exchangeRateSchema, moneySchema, nonNegativeMoneySchema } from '../../primitives/money.schema';
import { MAX_MOVEMENT_QUANTITY, positiveQuantitySchema } from '../../primitives/quantity.schema';
import { plainText } from '../../primitives/text.schema';
import { timestampSchema } from '../../primitives/timestamp.schema';
import { movementSourceV1Schema } from './movement-source.schema';

export const inventoryMovementKinds = [
  'sale', 'return', 'void', 'receipt', 'adjustment', 'transfer-out', 'transfer-shipped',
  'transfer-in', 'count', 'order-placed', 'order-cancelled', 'landed-cost', 'landed-cost-variance',
  'valuation-method-change',
] as const;

/** How a key is valued (docs/valuation.md): the moving average, or first in, first out by layers. */
export const valuationMethods = ['moving-average', 'fifo'] as const;

/** What a landed cost pays for; `price-correction` changes the invoice price of the receipt itself. */
export const landedCostTypes = ['freight', 'duty', 'insurance', 'handling', 'price-correction', 'other'] as const;

export const adjustmentReasonCodes = [
  'damaged', 'lost', 'found', 'theft', 'expired', 'correction', 'count-variance',
  'count-correction', 'write-off', 'other',
] as const;

export const MAX_ADJUSTMENT_NOTE_LENGTH = 500;

const common = {
  movementId: movementIdSchema,
  sku: skuSchema,
  locationId: locationIdSchema,
  occurredAt: timestampSchema.describe('Business time of the movement at its source'),
  source: movementSourceV1Schema,
};

/** Selling price of POS movements: revenue reporting only, never used for valuation. */
const sellingPrice = {
  unitPrice: nonNegativeMoneySchema.optional().describe('Selling price per unit, for revenue'),
  currency: currencySchema.optional(),
};

const quantity = positiveQuantitySchema;

/**
 * The value a movement brings in (docs/valuation.md). `totalCost`, when present, is the exact
 * value of all the units and the one the ledger books; `unitCost` is then that value per unit,
 * rounded, kept for readers and for producers that predate `totalCost`. Amounts are in
 * `currency`; one other than the ledger's valuation currency needs `exchangeRate`.
 */
const valueCarried = {
  totalCost: nonNegativeMoneySchema.optional().describe('Exact cost of all the units, in `currency`; when present it is the value booked'),
  currency: currencySchema.optional().describe('Currency of unitCost and totalCost; absent means the ledger\'s valuation currency'),
  exchangeRate: exchangeRateSchema.optional(),
};

/**
 * Optional, added in v1 without breaking it (older producers never send it): the reservation the
 * units were held by. The ledger takes them from it instead of reducing availability twice; a
 * reservation that is unknown, of another key or no longer open changes nothing.
 */
const consumesReservation = {
  reservationId: identifierSchema.optional().describe('Reservation (docs/reservations.md) whose units this sale or shipment takes'),
};

export const saleMovementV1Schema = z.strictObject({ ...common, kind: z.literal('sale'), quantity, ...sellingPrice, ...consumesReservation });

export const returnMovementV1Schema = z.strictObject({ ...common, kind: z.literal('return'), quantity, ...sellingPrice });

/** Reverses one earlier sale or return line; `quantity` repeats the voided quantity. */
export const voidMovementV1Schema = z.strictObject({
  ...common,
  kind: z.literal('void'),
  quantity,
  voidedMovementId: movementIdSchema,
  voidedKind: z.enum(['sale', 'return']),
  ...sellingPrice,
});

export const receiptMovementV1Schema = z.strictObject({
  ...common,
  kind: z.literal('receipt'),
  quantity,
  unitCost: nonNegativeMoneySchema.describe('Purchase cost per unit; drives the moving average cost'),
  ...valueCarried,
  purchaseOrderId: identifierSchema.optional().describe('When present, on order drops by min(quantity, on order)'),
});

export const adjustmentMovementV1Schema = z.strictObject({
  ...common,
  kind: z.literal('adjustment'),
  quantity: z
    .int()
    .min(-MAX_MOVEMENT_QUANTITY)
    .max(MAX_MOVEMENT_QUANTITY)
    .refine((value) => value !== 0, { error: 'must not be zero: an adjustment changes stock' })
    .meta({ not: { const: 0 } })
    .describe('Signed change of on hand: negative removes stock'),
  reasonCode: z.enum(adjustmentReasonCodes),
  note: plainText(1, MAX_ADJUSTMENT_NOTE_LENGTH).optional(),
});

const differentLocations = (field: 'toLocationId' | 'fromLocationId') => ({
  path: [field],
  error: 'must differ from locationId: a transfer moves stock between two locations',
});

/** Stock leaves the source location; the ledger answers with transfer-shipped at the destination. */
export const transferOutMovementV1Schema = z
  .strictObject({ ...common, kind: z.literal('transfer-out'), quantity, transferId: identifierSchema, toLocationId: locationIdSchema, ...consumesReservation })
  .refine((movement) => movement.toLocationId !== movement.locationId, differentLocations('toLocationId'));

/** Units a transfer took from one FIFO layer at its source: how many, their exact value and when they were received. */
export const carriedLayerV1Schema = z.strictObject({
  units: positiveQuantitySchema,
  totalCost: nonNegativeMoneySchema.describe('Exact value of these units at the source, in the valuation currency'),
  receivedAt: timestampSchema.describe('When the units were received into the ledger; kept across transfers'),
});

/** Posted by the ledger at the destination, carrying the source's average cost into in transit. */
export const transferShippedMovementV1Schema = z
  .strictObject({
    ...common,
    kind: z.literal('transfer-shipped'),
    quantity,
    transferId: identifierSchema,
    fromLocationId: locationIdSchema,
    unitCost: nonNegativeMoneySchema.describe('Average cost at the source when the stock left, rounded per unit'),
    ...valueCarried,
    layers: z
      .array(carriedLayerV1Schema)
      .min(1)
      .optional()
      .describe(
        'Added in v1 without breaking it: set by a source valued first in, first out, the layers the transfer took, oldest first; their units and totals add up exactly to quantity and totalCost. A FIFO destination opens one in-transit layer per element',
      ),
  })
  .refine((movement) => movement.fromLocationId !== movement.locationId, differentLocations('fromLocationId'));

export const transferInMovementV1Schema = z
  .strictObject({ ...common, kind: z.literal('transfer-in'), quantity, transferId: identifierSchema, fromLocationId: locationIdSchema })
  .refine((movement) => movement.fromLocationId !== movement.locationId, differentLocations('fromLocationId'));

/** Physical count: on hand becomes countedQuantity plus the movements after occurredAt. */
export const countMovementV1Schema = z.strictObject({
  ...common,
  kind: z.literal('count'),
  occurredAt: timestampSchema.describe('When the shelf was counted; later movements are applied on top'),
  countId: identifierSchema,
  countedQuantity: z.int().min(0).max(MAX_MOVEMENT_QUANTITY),
});

export const orderPlacedMovementV1Schema = z.strictObject({
  ...common,
  kind: z.literal('order-placed'),
  quantity,
  purchaseOrderId: identifierSchema,
  expectedAt: timestampSchema.optional().describe('Expected delivery time'),
});

export const orderCancelledMovementV1Schema = z.strictObject({
  ...common,
  kind: z.literal('order-cancelled'),
  quantity,
  purchaseOrderId: identifierSchema,
});

const landedAmount = moneySchema
  .refine((amount) => /[1-9]/.test(amount), { error: 'must not be zero: a landed cost changes what the receipt cost' })
  .meta({ not: { pattern: '^-?0*(\\.0*)?$' } });

/**
 * Added in v1 without breaking it (docs/valuation.md, "Landed costs"): freight, duty or a price
 * correction posted after the goods, against an earlier receipt of this sku@locationId. The units
 * of that receipt still on hand are revalued; the rest goes to a cost-of-goods variance, which the
 * ledger derives as a landed-cost-variance.
 */
export const landedCostMovementV1Schema = z.strictObject({
  ...common,
  kind: z.literal('landed-cost'),
  receiptMovementId: movementIdSchema.describe('The receipt of this sku and location the cost belongs to'),
  amount: landedAmount.describe('The whole additional cost for that receipt line, in `currency`; negative lowers it (a price correction)'),
  costType: z.enum(landedCostTypes),
  currency: currencySchema.optional().describe("Currency of amount; absent means the ledger's valuation currency"),
  exchangeRate: exchangeRateSchema.optional(),
});

/** Derived by the ledger only, never accepted from a producer: the part of a landed cost for units no longer on hand. */
export const landedCostVarianceMovementV1Schema = z.strictObject({
  ...common,
  kind: z.literal('landed-cost-variance'),
  receiptMovementId: movementIdSchema,
  amount: moneySchema.describe('Booked as cost of goods sold, in the valuation currency'),
  costType: z.enum(landedCostTypes),
});

/**
 * Added in v1 without breaking it: derived by the ledger, one per key of an item whose valuation
 * method the catalog changed, and applied to the key in its own order (docs/valuation.md, "The
 * method is the item's"). No figure changes.
 */
export const valuationMethodChangeMovementV1Schema = z.strictObject({
  ...common,
  kind: z.literal('valuation-method-change'),
  occurredAt: timestampSchema.describe("When the method changed: the catalog item's updatedAt"),
  method: z.enum(valuationMethods).describe('How the key is valued from this movement on'),
});

export const inventoryMovementV1Schema = z.discriminatedUnion('kind', [
  saleMovementV1Schema,
  returnMovementV1Schema,
  voidMovementV1Schema,
  receiptMovementV1Schema,
  adjustmentMovementV1Schema,
  transferOutMovementV1Schema,
  transferShippedMovementV1Schema,
  transferInMovementV1Schema,
  countMovementV1Schema,
  orderPlacedMovementV1Schema,
  orderCancelledMovementV1Schema,
  landedCostMovementV1Schema,
  landedCostVarianceMovementV1Schema,
  valuationMethodChangeMovementV1Schema,
]);

export type InventoryMovementV1 = z.output<typeof inventoryMovementV1Schema>;
export type InventoryMovementKind = InventoryMovementV1['kind'];
export type AdjustmentReasonCode = (typeof adjustmentReasonCodes)[number];
/** The movement type of one kind: `MovementOfKind<'receipt'>` has `unitCost`. */
export type MovementOfKind<K extends InventoryMovementKind> = Extract<InventoryMovementV1, { kind: K }>;
