// Value conservation with every movement going through the real contract and mapper, as it does
// between ledger instances: receipts at uneven costs (unit cost only, an exact total, or another
// currency at a rate), sales, adjustments, counts with late movements and their corrections, and
// transfers among three locations whose shipments are published and received at random moments,
// and landed costs (freight in another currency, price corrections down) against earlier receipts.
import fc from 'fast-check';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { applyOnce, costInValuationCurrency, emptyLedger, valueCarried, type InMemoryLedger, type Movement } from '@ledgerline/inventory-domain';
import { divideRounded, formatMoney, parseMoney, sumMoney, type Money } from '@ledgerline/money';
import { derivedOverWire, receivedOverWire } from '../../test/wire-round-trip';

const CURRENCY = 'EUR';
const LOCATIONS = ['S1', 'S2', 'S3'] as const;
const T0 = Date.UTC(2026, 10, 5, 8, 0);
type Step = { type: 'movement'; at: number; locationId: string; draft: Draft } | { type: 'deliver' };
type Draft = { [K in InventoryMovementV1['kind']]: Omit<Extract<InventoryMovementV1, { kind: K }>, 'movementId' | 'sku' | 'locationId' | 'occurredAt' | 'source'> }[InventoryMovementV1['kind']];

const quantity = fc.integer({ min: 1, max: 30 });
const money = fc.bigInt({ min: 0n, max: 5_000_000n });
const rate = fc.integer({ min: 1, max: 30_000_000_000 }).map((scaled) => (scaled / 1e10).toFixed(10));

const receiptDraft: fc.Arbitrary<Draft> = fc.oneof(
  fc.tuple(quantity, money).map(([q, unit]): Draft => ({ kind: 'receipt', quantity: q, unitCost: formatMoney(unit) })),
  fc.tuple(quantity, money).map(([q, total]): Draft => ({ kind: 'receipt', quantity: q, unitCost: formatMoney(divideRounded(total, q)), totalCost: formatMoney(total) })),
  fc.tuple(quantity, money, rate).map(([q, total, r]): Draft => ({ kind: 'receipt', quantity: q, unitCost: formatMoney(divideRounded(total, q)), totalCost: formatMoney(total), currency: 'USD', exchangeRate: r })),
);

/** Names its receipt when run (withReceipt): `pick-<n>`, the n-th earlier receipt of its key. */
const landedCostDraft: fc.Arbitrary<Draft> = fc.oneof(
  fc.tuple(fc.nat(99), money.filter((amount) => amount > 0n), rate).map(([n, amount, r]): Draft => ({
    kind: 'landed-cost', receiptMovementId: `pick-${n}`, amount: formatMoney(amount), costType: 'freight', currency: 'USD', exchangeRate: r,
  })),
  fc.tuple(fc.nat(99), money.filter((amount) => amount > 0n)).map(([n, amount]): Draft => ({ kind: 'landed-cost', receiptMovementId: `pick-${n}`, amount: formatMoney(-amount), costType: 'price-correction' })),
);

/**
 * The landed cost with a real receipt (the pick-th earlier one of any location, the landed cost
 * posted at its location) and a correction lowering it at most to zero; null before any receipt,
 * and for an amount that converts to nothing (refused as zero, like an amount of zero).
 */
function withReceipt(ledger: InMemoryLedger, draft: Extract<Draft, { kind: 'landed-cost' }>): { draft: Draft; locationId: string } | null {
  const receipts = ledger.entries.filter(({ movement }) => movement.kind === 'receipt');
  const picked = receipts[Number(draft.receiptMovementId.slice('pick-'.length)) % Math.max(1, receipts.length)];
  if (picked === undefined) return null;
  const cost = picked.outcome.valueDelta + picked.outcome.costOfGoodsSold;
  const amount = parseMoney(draft.amount) < -cost ? -cost : parseMoney(draft.amount);
  const converted = draft.currency === undefined ? amount : costInValuationCurrency({ movementId: 'probe', quantity: 1, unitCost: amount, currency: draft.currency, exchangeRate: draft.exchangeRate }, CURRENCY).totalCost;
  if (converted === 0n) return null;
  return { draft: { ...draft, receiptMovementId: picked.movement.movementId, amount: formatMoney(amount) }, locationId: picked.movement.locationId };
}

const draftAt = (locationId: string): fc.Arbitrary<Draft> => {
  const others = LOCATIONS.filter((other) => other !== locationId);
  return fc.oneof(
    { weight: 4, arbitrary: receiptDraft },
    { weight: 5, arbitrary: fc.integer({ min: 1, max: 8 }).map((q): Draft => ({ kind: 'sale', quantity: q })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }).map((q): Draft => ({ kind: 'return', quantity: q })) },
    { weight: 2, arbitrary: fc.tuple(fc.integer({ min: -20, max: 20 }).filter((q) => q !== 0)).map(([q]): Draft => ({ kind: 'adjustment', quantity: q, reasonCode: q < 0 ? 'damaged' : 'found' })) },
    { weight: 3, arbitrary: fc.tuple(quantity, fc.constantFrom(...others), fc.nat(20)).map(([q, to, n]): Draft => ({ kind: 'transfer-out', quantity: q, transferId: `TR-${n}`, toLocationId: to })) },
    { weight: 2, arbitrary: fc.tuple(quantity, fc.constantFrom(...others), fc.nat(20)).map(([q, from, n]): Draft => ({ kind: 'transfer-in', quantity: q, transferId: `TR-${n}`, fromLocationId: from })) },
    { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 40 }), fc.nat(20)).map(([counted, n]): Draft => ({ kind: 'count', countId: `CC-${n}`, countedQuantity: counted })) },
    { weight: 2, arbitrary: landedCostDraft },
  );
};

const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...LOCATIONS), fc.integer({ min: 0, max: 120 })).chain(([locationId, minute]) => draftAt(locationId).map((draft): Step => ({ type: 'movement', at: T0 + minute * 60_000, locationId, draft }))) },
    { weight: 1, arbitrary: fc.constant<Step>({ type: 'deliver' }) },
  ),
  { minLength: 1, maxLength: 60 },
);

/** Runs the steps; every movement, the ledger's own shipments included, crosses the wire first. */
function run(all: Step[]): InMemoryLedger {
  let ledger = emptyLedger();
  let delivered = 0;
  all.forEach((step, index) => {
    if (step.type === 'movement') {
      const posted = step.draft.kind === 'landed-cost' ? withReceipt(ledger, step.draft) : { draft: step.draft, locationId: step.locationId };
      if (posted === null) return;
      const wire = { ...posted.draft, movementId: `m${index}`, sku: 'TEA', locationId: posted.locationId, occurredAt: new Date(step.at).toISOString(), source: { system: 'erp' } } as InventoryMovementV1;
      ledger = applyOnce(ledger, receivedOverWire(wire, CURRENCY));
    } else {
      const pending = ledger.outbox.slice(delivered);
      delivered = ledger.outbox.length;
      for (const shipment of pending) ledger = applyOnce(ledger, derivedOverWire(shipment, CURRENCY));
    }
  });
  return ledger;
}

const cameInWith = (movement: Movement, valueDelta: Money): Money =>
  movement.kind === 'receipt' ? valueCarried(movement) : movement.kind === 'adjustment' ? valueDelta : movement.kind === 'landed-cost' ? movement.amount : 0n;

describe('value through the wire', () => {
  it('a shipment received over the wire carries exactly the value its transfer-out took from the source', () => {
    fc.assert(
      fc.property(steps, (all) => {
        const ledger = run(all);
        const taken = new Map(ledger.entries.filter(({ movement }) => movement.kind === 'transfer-out').map(({ movement, outcome }) => [`${movement.movementId}:shipped`, -outcome.valueDelta]));
        for (const { movement } of ledger.entries) {
          if (movement.kind === 'transfer-shipped') expect(valueCarried(movement)).toBe(taken.get(movement.movementId));
        }
      }),
    );
  });

  it('a landed cost received over the wire books exactly its amount in the valuation currency, on the shelf and in its variance', () => {
    fc.assert(
      fc.property(steps, (all) => {
        const ledger = run(all);
        for (const { movement, outcome } of ledger.entries) {
          if (movement.kind !== 'landed-cost') continue;
          const variance = ledger.entries.find((entry) => entry.movement.movementId === `${movement.movementId}:cogs-variance`);
          expect(outcome.valueDelta + (variance?.outcome.costOfGoodsSold ?? 0n)).toBe(movement.amount);
        }
      }),
    );
  });

  it('value is conserved across transfers, counts and corrections: received = held + in flight + cost of goods sold, to the ten-thousandth', () => {
    fc.assert(
      fc.property(steps, (all) => {
        const ledger = run(all);
        const cameIn = sumMoney(ledger.entries.map(({ movement, outcome }) => cameInWith(movement, outcome.valueDelta)));
        const held = sumMoney([...ledger.balances.values()].map((balance) => balance.inventoryValue + balance.inTransitValue));
        const inFlight = sumMoney(ledger.outbox.filter((shipment) => !ledger.appliedIds.has(shipment.movementId)).map((shipment) => valueCarried(derivedOverWire(shipment, CURRENCY) as Parameters<typeof valueCarried>[0])));
        const costOfGoodsSold = sumMoney(ledger.entries.map(({ outcome }) => outcome.costOfGoodsSold));
        expect(held + inFlight + costOfGoodsSold).toBe(cameIn);
      }),
    );
  });
});
