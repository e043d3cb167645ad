// Random ledger scenarios for the property tests: movements of one SKU at two locations with
// transfers between them (their shipments delivered through the outbox at random moments), and
// shipments from a third location, with business times shuffled so that counts, late movements
// and negative stock all occur.
import fc from 'fast-check';
import { Money, divideRounded } from '@ledgerline/money';
import { InMemoryLedger, Movement, applyOnce } from '../src/index';
import { SKU, STORE, T0, WAREHOUSE } from './movement-builders';

export const LOCATIONS = [STORE, WAREHOUSE] as const;
export const OUTSIDE_SUPPLIER_LOCATION = 'DC-9';

/** A movement whose id is given when the scenario runs (m<step index>), so each is unique. */
export type ScenarioStep = { readonly type: 'movement'; readonly movement: Movement } | { readonly type: 'deliver-outbox' };

const quantity = fc.integer({ min: 1, max: 30 });
/** Sales are smaller than deliveries, so stock is positive most of the time and crosses zero often. */
const saleQuantity = fc.integer({ min: 1, max: 8 });
const unitCost: fc.Arbitrary<Money> = fc.bigInt({ min: 0n, max: 500_000n });
const optionalTotalCost = fc.option(fc.bigInt({ min: 0n, max: 5_000_000n }), { nil: undefined });

/** A cost as a producer states it: a unit cost alone (older producers) or an exact total with its unit cost rounded from it. */
const statedCost = (q: number, cost: Money, total: Money | undefined): { unitCost: Money; totalCost?: Money } =>
  total === undefined ? { unitCost: cost } : { unitCost: divideRounded(total, q), totalCost: total };

function movementAt(locationId: string, occurredAt: number): fc.Arbitrary<Movement> {
  const other = locationId === STORE ? WAREHOUSE : STORE;
  const base = { movementId: 'assigned-when-run', sku: SKU, locationId, occurredAt };
  return fc.oneof(
    { weight: 6, arbitrary: saleQuantity.map((q): Movement => ({ kind: 'sale', ...base, quantity: q })) },
    { weight: 1, arbitrary: quantity.map((q): Movement => ({ kind: 'return', ...base, quantity: q })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(quantity, fc.constantFrom('sale' as const, 'return' as const))
        .map(([q, voidedKind]): Movement => ({ kind: 'void', ...base, quantity: q, voidedKind })),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(quantity, unitCost, optionalTotalCost, fc.boolean())
        .map(([q, cost, total, withOrder]): Movement => ({
          kind: 'receipt',
          ...base,
          quantity: q,
          ...statedCost(q, cost, total),
          ...(withOrder ? { purchaseOrderId: 'PO-1' } : {}),
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: -30, max: 30 }).filter((q) => q !== 0), fc.constantFrom('damaged', 'found', 'theft'))
        .map(([q, reasonCode]): Movement => ({ kind: 'adjustment', ...base, quantity: q, reasonCode })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(quantity, fc.nat(99))
        .map(([q, n]): Movement => ({ kind: 'transfer-out', ...base, quantity: q, transferId: `TR-${n}`, toLocationId: other })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(quantity, fc.nat(99))
        .map(([q, n]): Movement => ({ kind: 'transfer-in', ...base, quantity: q, transferId: `TR-${n}`, fromLocationId: other })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(quantity, unitCost, optionalTotalCost).map(([q, cost, total]): Movement => ({
        kind: 'transfer-shipped',
        ...base,
        quantity: q,
        transferId: 'TR-X',
        fromLocationId: OUTSIDE_SUPPLIER_LOCATION,
        ...statedCost(q, cost, total),
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: 40 }), fc.nat(99))
        .map(([counted, n]): Movement => ({ kind: 'count', ...base, countId: `CC-${n}`, countedQuantity: counted })),
    },
    { weight: 1, arbitrary: quantity.map((q): Movement => ({ kind: 'order-placed', ...base, quantity: q })) },
    { weight: 1, arbitrary: quantity.map((q): Movement => ({ kind: 'order-cancelled', ...base, quantity: q })) },
    {
      // Names its receipt when run (RECEIPT_PICK: the n-th earlier receipt of its key).
      weight: 2,
      arbitrary: fc
        .tuple(fc.nat(99), fc.bigInt({ min: -2_000_000n, max: 2_000_000n }).filter((amount) => amount !== 0n), fc.constantFrom('freight', 'duty', 'price-correction'))
        .map(([n, amount, costType]): Movement => ({ kind: 'landed-cost', ...base, receiptMovementId: `${RECEIPT_PICK}${n}`, amount, costType })),
    },
  );
}

const RECEIPT_PICK = 'pick-';

/**
 * A landed cost of the scenario with a real receipt of its key (the pick-th, modulo how many there
 * are) and a correction no larger than that receipt's cost; null when its key has no receipt yet.
 */
function withReceipt(ledger: InMemoryLedger, movement: Movement): Movement | null {
  if (movement.kind !== 'landed-cost' || !movement.receiptMovementId.startsWith(RECEIPT_PICK)) return movement;
  const receipts = ledger.entries.filter((entry) => entry.movement.kind === 'receipt' && entry.movement.locationId === movement.locationId);
  if (receipts.length === 0) return null;
  const { movement: receipt, outcome } = receipts[Number(movement.receiptMovementId.slice(RECEIPT_PICK.length)) % receipts.length]!;
  const receiptCost = outcome.valueDelta + outcome.costOfGoodsSold;
  const amount = movement.amount < -receiptCost ? (receiptCost === 0n ? -movement.amount : -receiptCost) : movement.amount;
  return { ...movement, receiptMovementId: receipt.movementId, amount };
}

const movementStep: fc.Arbitrary<ScenarioStep> = fc
  .tuple(fc.constantFrom(...LOCATIONS), fc.integer({ min: 0, max: 120 }))
  .chain(([locationId, minute]) => movementAt(locationId, T0 + minute * 60_000).map((movement): ScenarioStep => ({ type: 'movement', movement })));

export const scenarioSteps: fc.Arbitrary<ScenarioStep[]> = fc.array(
  fc.oneof({ weight: 6, arbitrary: movementStep }, { weight: 1, arbitrary: fc.constant<ScenarioStep>({ type: 'deliver-outbox' }) }),
  { minLength: 1, maxLength: 60, size: 'medium' },
);

/** Points at which a run re-sends something it already sent (a retry, a redelivery, a replay). */
export const resendPlan: fc.Arbitrary<number[]> = fc.array(fc.nat({ max: 10_000 }), { maxLength: 30 });

/**
 * Runs the steps through applyOnce. With a resend plan, after step (p % steps) it re-sends
 * message (p % sent so far): any earlier incoming movement or delivered shipment.
 */
export function runScenario(start: InMemoryLedger, steps: readonly ScenarioStep[], resends: readonly number[] = []): InMemoryLedger {
  let ledger = start;
  let delivered = 0;
  const sent: Movement[] = [];
  const send = (movement: Movement) => {
    sent.push(movement);
    ledger = applyOnce(ledger, movement, { lowStockThreshold: () => 5 });
  };
  steps.forEach((step, index) => {
    if (step.type === 'movement') {
      const movement = withReceipt(ledger, { ...step.movement, movementId: `m${index}` });
      if (movement !== null) send(movement);
    } else {
      const pending = ledger.outbox.slice(delivered);
      delivered = ledger.outbox.length;
      pending.forEach(send);
    }
    for (const point of resends) {
      if (point % steps.length === index && sent.length > 0) {
        send(sent[point % sent.length]);
      }
    }
  });
  return ledger;
}
