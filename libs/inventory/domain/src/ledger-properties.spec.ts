// Ledger invariants checked on random scenarios (see test/ledger-scenario.ts): whatever the mix
// and order of movements, quantities add up, value tracks quantity x average cost within
// rounding, duplicates change nothing, the ledger replays to the balance, value is conserved, and
// the valuation deltas of any split into batches add up to the balances, their states (negative,
// out of stock, low) and the cost of goods sold.
//
// Rounding tolerance: the average cost is rounded to the nearest ten-thousandth, so for
// on hand n > 0, |inventoryValue - n x averageUnitCost| <= n / 2 ten-thousandths (half a
// ten-thousandth per unit). For n <= 0 the two are equal exactly.
import fc from 'fast-check';
import { Money, mulDiv, multiplyByQuantity, sumMoney } from '@ledgerline/money';
import { InMemoryLedger, LedgerEntry, Movement, StockBalance, adjustmentDeltasOf, landedCostDeltasOf, emptyLedger, onHandAsOf, replayBalance, stockStateOf, valuationDeltasOf, valueCarried } from './index';
import { SKU } from '../test/movement-builders';
import { LOCATIONS, OUTSIDE_SUPPLIER_LOCATION, resendPlan, runScenario, scenarioSteps } from '../test/ledger-scenario';

const entriesAt = (ledger: InMemoryLedger, locationId: string) => ledger.entries.filter((entry) => entry.movement.locationId === locationId);
const finalBalance = (ledger: InMemoryLedger, locationId: string): StockBalance | undefined => ledger.balances.get(`${SKU}@${locationId}`);

/** What a movement does to on hand by the table in docs/architecture.md, independent of the code under test. */
function nominalOnHandEffect(movement: Movement): number {
  switch (movement.kind) {
    case 'sale':
    case 'transfer-out':
      return -movement.quantity;
    case 'return':
    case 'receipt':
    case 'transfer-in':
    case 'adjustment':
      return movement.quantity;
    case 'void':
      return movement.voidedKind === 'sale' ? movement.quantity : -movement.quantity;
    default:
      return 0;
  }
}

function nominalInTransitEffect(movement: Movement): number {
  if (movement.kind === 'transfer-shipped') return movement.quantity;
  if (movement.kind === 'transfer-in') return -movement.quantity;
  return 0;
}

function expectValueWithinRounding(balance: StockBalance): void {
  const drift = balance.inventoryValue - multiplyByQuantity(balance.averageUnitCost, balance.onHand);
  if (balance.onHand <= 0) {
    expect(drift).toBe(0n);
  } else {
    expect((drift < 0n ? -drift : drift) * 2n <= BigInt(balance.onHand)).toBe(true);
    expect(balance.inventoryValue >= 0n).toBe(true);
  }
  if (balance.inTransit === 0) {
    expect(balance.inTransitValue).toBe(0n);
  }
  expect(balance.onOrder >= 0).toBe(true);
}

const shipmentCost = (movement: Movement): Money => (movement.kind === 'transfer-shipped' ? valueCarried(movement) : 0n);

describe('ledger invariants for any sequence of movements', () => {
  it('(1) on hand and in transit are the sums of the recorded movements, derived ones included', () => {
    fc.assert(
      fc.property(scenarioSteps, (steps) => {
        const ledger = runScenario(emptyLedger(), steps);
        for (const locationId of LOCATIONS) {
          const entries = entriesAt(ledger, locationId);
          const balance = finalBalance(ledger, locationId);
          expect(balance?.onHand ?? 0).toBe(entries.reduce((sum, entry) => sum + nominalOnHandEffect(entry.movement), 0));
          expect(balance?.onHand ?? 0).toBe(entries.reduce((sum, entry) => sum + entry.outcome.quantityDelta, 0));
          expect(balance?.inTransit ?? 0).toBe(entries.reduce((sum, entry) => sum + nominalInTransitEffect(entry.movement), 0));
          expect(balance?.version ?? 0).toBe(entries.length);
        }
      }),
    );
  });

  it('(2) after every movement, value = on hand x average cost within the rounding tolerance', () => {
    fc.assert(
      fc.property(scenarioSteps, (steps) => {
        runScenario(emptyLedger(), steps).entries.forEach((entry) => expectValueWithinRounding(entry.outcome.balance));
      }),
    );
  });

  it('(3) re-sending movements and shipments at random changes nothing', () => {
    fc.assert(
      fc.property(scenarioSteps, resendPlan, (steps, resends) => {
        const once = runScenario(emptyLedger(), steps);
        const withDuplicates = runScenario(emptyLedger(), steps, resends);
        expect(withDuplicates.balances).toEqual(once.balances);
        expect(withDuplicates.entries).toEqual(once.entries);
        expect(withDuplicates.outbox).toEqual(once.outbox);
        expect(withDuplicates.alerts).toEqual(once.alerts);
      }),
    );
  });

  it('(4) every balance equals the replay of its recorded movements', () => {
    fc.assert(
      fc.property(scenarioSteps, (steps) => {
        const ledger = runScenario(emptyLedger(), steps);
        for (const [, balance] of ledger.balances) {
          const recorded = ledger.entries.filter((entry) => entry.movement.locationId === balance.locationId).map((entry) => entry.movement);
          expect(replayBalance(balance, recorded)).toEqual(balance);
        }
      }),
    );
  });

  it('(5) value is conserved: what came in is on the shelf, in transit, in flight or in cost of goods sold', () => {
    fc.assert(
      fc.property(scenarioSteps, (steps) => {
        const ledger = runScenario(emptyLedger(), steps);
        const cameIn = sumMoney(
          ledger.entries.map(({ movement, outcome }) => {
            if (movement.kind === 'receipt') return valueCarried(movement);
            if (movement.kind === 'adjustment') return outcome.valueDelta;
            if (movement.kind === 'landed-cost') return movement.amount;
            return movement.kind === 'transfer-shipped' && movement.fromLocationId === OUTSIDE_SUPPLIER_LOCATION ? shipmentCost(movement) : 0n;
          }),
        );
        const held = sumMoney([...ledger.balances.values()].map((balance) => balance.inventoryValue + balance.inTransitValue));
        const inFlight = sumMoney(ledger.outbox.filter((shipment) => !ledger.appliedIds.has(shipment.movementId)).map(shipmentCost));
        const costOfGoodsSold = sumMoney(ledger.entries.map((entry) => entry.outcome.costOfGoodsSold));
        expect(held + inFlight + costOfGoodsSold).toBe(cameIn);
        for (const { movement, outcome } of ledger.entries) {
          if (movement.kind === 'adjustment') expect([outcome.costOfGoodsSold, outcome.inTransitValueDelta]).toEqual([0n, 0n]);
        }
      }),
    );
  });

  it('(8) a landed cost and its variance add up to its amount, and the shelf takes the share of the receipt a first-in first-out queue still holds', () => {
    fc.assert(
      fc.property(scenarioSteps, (steps) => {
        const ledger = runScenario(emptyLedger(), steps);
        for (const locationId of LOCATIONS) {
          const entries = entriesAt(ledger, locationId);
          const queue = new FifoShelf();
          for (const { movement, outcome } of entries) {
            if (movement.kind === 'landed-cost') {
              const variance = entries.find((entry) => entry.movement.kind === 'landed-cost-variance' && entry.movement.causedByMovementId === movement.movementId);
              expect(outcome.valueDelta + (variance?.outcome.costOfGoodsSold ?? 0n)).toBe(movement.amount);
              const receipt = entries.find((entry) => entry.movement.movementId === movement.receiptMovementId)!;
              const onShelf = queue.unitsOf(movement.receiptMovementId);
              const before = outcome.balance.inventoryValue - outcome.valueDelta;
              const share = mulDiv(movement.amount, onShelf, receipt.outcome.quantityDelta);
              // The shelf takes exactly the share, unless a correction would take it below zero.
              expect(outcome.valueDelta).toBe(onShelf === 0 ? 0n : before + share < 0n ? -before : share);
            }
            queue.apply(movement.movementId, outcome.quantityDelta);
          }
        }
      }),
    );
  });

  it('(9) a shipment filling in transit below zero splits its true-up like a landed cost: the shelf takes the share of the early arrivals a first-in first-out queue still holds', () => {
    fc.assert(
      fc.property(scenarioSteps, (steps) => {
        const ledger = runScenario(emptyLedger(), steps);
        for (const locationId of LOCATIONS) {
          const queue = new FifoShelf();
          // Units each early arrival brought beyond what was in transit, not yet matched by a shipment, oldest first.
          const hole: Array<{ id: string; units: number }> = [];
          for (const { movement, outcome } of entriesAt(ledger, locationId)) {
            const inTransitBefore = outcome.balance.inTransit - outcome.inTransitDelta;
            if (movement.kind === 'transfer-in' && movement.quantity > inTransitBefore) {
              hole.push({ id: movement.movementId, units: movement.quantity - Math.max(0, inTransitBefore) });
            }
            if (movement.kind === 'transfer-shipped') {
              const trueUp = valueCarried(movement) - outcome.inTransitValueDelta;
              expect(outcome.valueDelta + outcome.costOfGoodsSold).toBe(trueUp);
              if (inTransitBefore >= 0) expect(trueUp).toBe(0n);
              const held = hole.reduce((sum, arrival) => sum + Math.min(arrival.units, queue.unitsOf(arrival.id)), 0);
              const before = outcome.balance.inventoryValue - outcome.valueDelta;
              const share = held === 0 ? 0n : mulDiv(trueUp, held, -inTransitBefore);
              expect(outcome.valueDelta).toBe(held === 0 ? 0n : before + share < 0n ? -before : share);
              for (let unmatched = Math.min(movement.quantity, Math.max(0, -inTransitBefore)); unmatched > 0; ) {
                const oldest = hole[0]!;
                const matched = Math.min(oldest.units, unmatched);
                oldest.units -= matched;
                unmatched -= matched;
                if (oldest.units === 0) hole.shift();
              }
            }
            queue.apply(movement.movementId, outcome.quantityDelta);
          }
        }
      }),
    );
  });

  it('(6) late movements never overturn a count: on hand as of each count time stays what was counted', () => {
    fc.assert(
      fc.property(scenarioSteps, (steps) => {
        const ledger = runScenario(emptyLedger(), steps);
        for (const locationId of LOCATIONS) {
          const entries = entriesAt(ledger, locationId);
          for (const count of effectiveCounts(entries)) {
            expect(onHandAsOf(entries, count.occurredAt)).toBe(count.countedQuantity);
          }
        }
      }),
    );
  });
});

describe('valuation deltas for any sequence of movements and any split into batches', () => {
  it('(7) sum per location to the balances and per location and day to the cost of goods sold of the entries', () => {
    fc.assert(
      fc.property(scenarioSteps, fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 20 }), fc.option(fc.integer({ min: 0, max: 12 })), (steps, batchSizes, threshold) => {
        const ledger = runScenario(emptyLedger(), steps);
        const deltas = inBatches(ledger.entries, batchSizes).flatMap((batch) => valuationDeltasOf(batch, { current: () => threshold, counted: () => threshold }));
        for (const locationId of LOCATIONS) {
          const mine = deltas.filter((delta) => delta.locationId === locationId);
          const balance = finalBalance(ledger, locationId);
          // The location's one balance is in the state its final on hand says, and in no other.
          const state = balance === undefined || balance.version === 0 ? null : stockStateOf(balance.onHand, threshold);
          for (const counted of ['negative', 'stockout', 'low'] as const) {
            expect(mine.reduce((sum, delta) => sum + delta[counted], 0)).toBe(state === counted ? 1 : 0);
          }
          expect(mine.reduce((sum, delta) => sum + delta.onHand, 0)).toBe(balance?.onHand ?? 0);
          expect(sumMoney(mine.map((delta) => delta.inventoryValue))).toBe(balance?.inventoryValue ?? 0n);
          expect(sumMoney(mine.map((delta) => delta.inTransitValue))).toBe(balance?.inTransitValue ?? 0n);
          expect(mine.reduce((sum, delta) => sum + delta.balances, 0)).toBe(balance === undefined || balance.version === 0 ? 0 : 1);
          const costByDay = new Map<string, Money>();
          for (const { movement, outcome } of entriesAt(ledger, locationId)) {
            const day = new Date(movement.occurredAt).toISOString().slice(0, 10);
            costByDay.set(day, (costByDay.get(day) ?? 0n) + outcome.costOfGoodsSold);
          }
          for (const [day, cost] of costByDay) {
            expect(sumMoney(mine.filter((delta) => delta.day === day).map((delta) => delta.costOfGoodsSold))).toBe(cost);
          }
        }
      }),
    );
  });

  it('adjustment deltas of any split into batches add up to the adjustments per location, day and reason', () => {
    fc.assert(
      fc.property(scenarioSteps, fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 20 }), (steps, batchSizes) => {
        const ledger = runScenario(emptyLedger(), steps);
        const deltas = inBatches(ledger.entries, batchSizes).flatMap((batch) => adjustmentDeltasOf(batch));
        const expected = new Map<string, { quantity: number; value: Money; movements: number }>();
        for (const { movement, outcome } of ledger.entries) {
          if (movement.kind !== 'adjustment') continue;
          const key = `${movement.locationId} ${new Date(movement.occurredAt).toISOString().slice(0, 10)} ${movement.reasonCode}`;
          const sums = expected.get(key) ?? { quantity: 0, value: 0n, movements: 0 };
          expected.set(key, { quantity: sums.quantity + outcome.quantityDelta, value: sums.value + outcome.valueDelta, movements: sums.movements + 1 });
        }
        const summed = new Map<string, { quantity: number; value: Money; movements: number }>();
        for (const delta of deltas) {
          const key = `${delta.locationId} ${delta.day} ${delta.reasonCode}`;
          const sums = summed.get(key) ?? { quantity: 0, value: 0n, movements: 0 };
          summed.set(key, { quantity: sums.quantity + delta.quantity, value: sums.value + delta.value, movements: sums.movements + delta.movements });
        }
        expect(summed).toEqual(expected);
      }),
    );
  });
});

/**
 * Units on the shelf by where they came from, first in first out, as a plain queue: an arrival
 * first repays units sold short, then queues; a removal takes the oldest, beyond them it goes short.
 */
class FifoShelf {
  private readonly lots: Array<{ id: string; units: number }> = [];
  private short = 0;

  apply(id: string, delta: number): void {
    if (delta > 0) {
      const repaid = Math.min(this.short, delta);
      this.short -= repaid;
      if (delta > repaid) this.lots.push({ id, units: delta - repaid });
      return;
    }
    let left = -delta;
    while (left > 0 && this.lots.length > 0) {
      const oldest = this.lots[0]!;
      const taken = Math.min(oldest.units, left);
      oldest.units -= taken;
      left -= taken;
      if (oldest.units === 0) this.lots.shift();
    }
    this.short += left;
  }

  unitsOf(id: string): number {
    return this.lots.filter((lot) => lot.id === id).reduce((sum, lot) => sum + lot.units, 0);
  }
}

describe('landed-cost deltas for any sequence of movements and any split into batches', () => {
  it('add up to the landed costs and their variances per location, day and cost type', () => {
    fc.assert(
      fc.property(scenarioSteps, fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 20 }), (steps, batchSizes) => {
        const ledger = runScenario(emptyLedger(), steps);
        const deltas = inBatches(ledger.entries, batchSizes).flatMap((batch) => landedCostDeltasOf(batch));
        const summed = new Map<string, Money>();
        const add = (key: string, amount: Money) => summed.set(key, (summed.get(key) ?? 0n) + amount);
        for (const delta of deltas) {
          add(`${delta.locationId} ${delta.day} ${delta.costType} posted`, delta.revalued + delta.variance);
          add(`${delta.locationId} ${delta.day} ${delta.costType} movements`, BigInt(delta.movements));
        }
        const expected = new Map<string, Money>();
        for (const { movement } of ledger.entries) {
          if (movement.kind !== 'landed-cost') continue;
          const key = `${movement.locationId} ${new Date(movement.occurredAt).toISOString().slice(0, 10)} ${movement.costType}`;
          expected.set(`${key} posted`, (expected.get(`${key} posted`) ?? 0n) + movement.amount);
          expected.set(`${key} movements`, (expected.get(`${key} movements`) ?? 0n) + 1n);
        }
        expect(summed).toEqual(expected);
      }),
    );
  });
});

/** The entries cut into consecutive batches of the given sizes, the last size repeated. */
function inBatches(entries: readonly LedgerEntry[], sizes: readonly number[]): LedgerEntry[][] {
  const batches: LedgerEntry[][] = [];
  for (let start = 0, index = 0; start < entries.length; index += 1) {
    const size = sizes[Math.min(index, sizes.length - 1)]!;
    batches.push(entries.slice(start, start + size));
    start += size;
  }
  return batches;
}

/** Counts that were not stale when applied (dated after every earlier count of their key). */
function effectiveCounts(entries: readonly LedgerEntry[]): Array<{ occurredAt: number; countedQuantity: number }> {
  const counts: Array<{ occurredAt: number; countedQuantity: number }> = [];
  let lastCountAt: number | null = null;
  for (const { movement, outcome } of entries) {
    if (movement.kind === 'count' && (lastCountAt === null || movement.occurredAt > lastCountAt)) {
      counts.push({ occurredAt: movement.occurredAt, countedQuantity: movement.countedQuantity });
    }
    lastCountAt = outcome.balance.lastCountAt;
  }
  return counts;
}
