// An independent check of both valuation methods through the running ledger: fast-check generates a
// history (receipts at uneven costs, with and without totalCost, some in USD at an exchange rate;
// sales, returns, adjustments, transfers shipped and received later or received before they ship
// (some several steps before, with sales and receipts in between), physical counts, landed costs and price corrections against earlier receipts, some in USD,
// and costs of whole purchase orders shared over their receipts at several keys),
// publishes it on the movements topic (the purchase order costs on theirs) to a real ledger (real Kafka and PostgreSQL), and compares
// every movement's value effects and cost of goods sold, every key's inventory and in-transit
// value, and the period report's cost-of-goods-sold, adjustment and landed-cost rows per day and
// location with a reference model written here from docs/valuation.md, in bigint ten-thousandths
// (nothing of the domain's valuation code is used). Amounts are compared as the exact decimal
// strings PostgreSQL holds. Each history values each of its two items at moving average or first
// in, first out (the catalog says which before the first movement) and may change an item's
// method part way, through the catalog, after every earlier movement is applied; for a FIFO item
// every key's stored layers (units, value, receipt time, oldest first) are compared too.
//
// Business time only moves forward, and the test waits for each derived shipment (and each
// arrival sent ahead of its shipment) to be applied before publishing more, so the ledger applies
// exactly the order of the history. Late movements under counts have their own tests.
//
// Arrivals ahead of their shipments often come several at once to one key, and the transferred item
// is valued first in, first out in two histories of three, so a shipment's correction is often
// spread over several early arrivals' layers (the summary counts them): a spread rounding each part
// on its own, not the running total, fails within a few histories.
//
// Sizes: VALUATION_MODEL_RUNS histories (default 12) of up to VALUATION_MODEL_STEPS steps (default 40).
// Reproduce a failure with the seed and path it prints:
//   VALUATION_MODEL_SEED=<seed> VALUATION_MODEL_PATH=<path> npx jest -c apps/inventory-ledger/jest.config.cjs ledger-valuation-model
import fc from 'fast-check';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { issueCredential, waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from './running-ledger';

jest.setTimeout(600_000);

const RUNS = Number(process.env['VALUATION_MODEL_RUNS'] ?? 12);
const STEPS = Number(process.env['VALUATION_MODEL_STEPS'] ?? 40);
const SEED = Number(process.env['VALUATION_MODEL_SEED'] ?? Date.now() % 2_147_483_647);
const PATH = process.env['VALUATION_MODEL_PATH'];

/** What the histories exercised, printed at the end: the situations the rules single out. */
const exercised = new Map<string, number>();
function tally(situation: string): void {
  exercised.set(situation, (exercised.get(situation) ?? 0) + 1);
}

const CALENDAR_START = Date.UTC(2026, 10, 2, 6, 0);
/** Steps are this far apart in business time, so a history spans a few days of the period report. */
const MINUTES_PER_STEP = 97;
/** Key 0 and 1 are one SKU at two locations (transfers go between them); key 2 another SKU. */
const KEYS = [
  { sku: 'A', location: 'L1' },
  { sku: 'A', location: 'L2' },
  { sku: 'B', location: 'L1' },
] as const;

// ---- exact arithmetic of the policy: integers of ten-thousandths, one half-even rounding per division

const RATE_SCALE = 10n ** 10n;

function halfEven(numerator: bigint, denominator: bigint): bigint {
  const sign = (numerator < 0n) !== (denominator < 0n) ? -1n : 1n;
  const [n, d] = [numerator < 0n ? -numerator : numerator, denominator < 0n ? -denominator : denominator];
  const [quotient, remainder] = [n / d, n % d];
  const up = remainder * 2n > d || (remainder * 2n === d && quotient % 2n === 1n);
  return sign * (up ? quotient + 1n : quotient);
}

function decimal(amount: bigint): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(5, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -4)}.${digits.slice(-4)}`;
}

/** A rate such as "0.8563" as an integer of 10^-10. */
function rateOf(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole!) * RATE_SCALE + BigInt(fraction.padEnd(10, '0'));
}

/** "Currencies": another currency's total converted once, half to even. */
function converted(statedTotal: bigint, rate: string | undefined): bigint {
  return rate === undefined ? statedTotal : halfEven(statedTotal * rateOf(rate), RATE_SCALE);
}

// ---- first in, first out (docs/valuation.md, "FIFO layers"), written from the text

function unitCostOf(layer: Layer): bigint {
  return halfEven(layer.value, BigInt(layer.units));
}

function sumOf(layers: readonly Layer[]): bigint {
  return layers.reduce((total, layer) => total + layer.value, 0n);
}

/** After the layers changed: the last cost is the newest layer's, kept when none is left. */
function settle(pool: Pool): void {
  const newest = pool.layers![pool.layers!.length - 1];
  if (newest !== undefined) pool.cost = unitCostOf(newest);
}

/** "Taking units out": oldest layers first, a layer taken in part gives value x k / n (one rounding), units beyond the layers the last cost, dated `at`. */
function fifoTake(pool: Pool, quantity: number, at: number): { removed: bigint; taken: Layer[] } {
  const layers = pool.layers!;
  const taken: Layer[] = [];
  let left = quantity;
  while (left > 0 && layers.length > 0) {
    const oldest = layers[0]!;
    if (oldest.units <= left) {
      taken.push({ ...oldest });
      layers.shift();
      left -= oldest.units;
    } else {
      const value = halfEven(oldest.value * BigInt(left), BigInt(oldest.units));
      taken.push({ units: left, value, receivedAt: oldest.receivedAt });
      oldest.units -= left;
      oldest.value -= value;
      left = 0;
    }
  }
  if (left > 0) {
    taken.push({ units: left, value: pool.cost * BigInt(left), receivedAt: at });
    tally('FIFO: units taken beyond the layers');
  }
  const removed = sumOf(taken);
  pool.units -= quantity;
  pool.value -= removed;
  settle(pool);
  return { removed, taken };
}

/** Units arriving at a known total: behind every layer (merged into the newest at exactly its unit cost), or first filling a hole; returns the true-up. */
function fifoAdd(pool: Pool, quantity: number, total: bigint, receivedAt: number): bigint {
  const layers = pool.layers!;
  if (pool.units >= 0) {
    const newest = layers[layers.length - 1];
    if (newest !== undefined && newest.value * BigInt(quantity) === total * BigInt(newest.units)) {
      newest.units += quantity;
      newest.value += total;
      tally('FIFO: layer merged');
    } else layers.push({ units: quantity, value: total, receivedAt });
    pool.units += quantity;
    pool.value += total;
    settle(pool);
    return 0n;
  }
  const before = pool.value;
  const units = pool.units + quantity;
  if (units > 0) {
    pool.layers = [{ units, value: halfEven(total * BigInt(units), BigInt(quantity)), receivedAt }];
    pool.value = pool.layers[0]!.value;
    settle(pool);
  } else {
    pool.cost = halfEven(total, BigInt(quantity));
    pool.value = pool.cost * BigInt(units);
  }
  pool.units = units;
  return total - (pool.value - before);
}

/**
 * "Landed costs" and a late shipment under FIFO: `amount` is for `unitsCorrected` units, of which
 * the runs (positions from the oldest unit held) are still on the shelf. Their share (one rounding)
 * is spread over exactly those units, a layer cut at their edges first (the front part value x k /
 * n), each part the running share, none below zero; returns the rest, for cost of goods sold.
 */
function fifoCorrect(pool: Pool, runs: ReadonlyArray<{ from: number; units: number }>, amount: bigint, unitsCorrected: number): bigint {
  const ordered = runs.filter((run) => run.units > 0).sort((a, b) => a.from - b.from);
  const held = ordered.reduce((units, run) => units + run.units, 0);
  if (held === 0) return amount;
  const share = halfEven(amount * BigInt(held), BigInt(unitsCorrected));
  if (share === 0n) return amount;
  const edges = ordered.flatMap((run) => [run.from, run.from + run.units]);
  const parts: Layer[] = [];
  let start = 0;
  for (const layer of pool.layers!) {
    let rest = { ...layer };
    let restStart = start;
    for (const edge of edges) {
      if (edge <= restStart || edge >= restStart + rest.units) continue;
      const front = edge - restStart;
      const value = halfEven(rest.value * BigInt(front), BigInt(rest.units));
      parts.push({ units: front, value, receivedAt: rest.receivedAt });
      rest = { units: rest.units - front, value: rest.value - value, receivedAt: rest.receivedAt };
      restStart = edge;
      tally('FIFO: layer cut for a correction');
    }
    parts.push(rest);
    start += layer.units;
  }
  let position = 0;
  let unitsSoFar = 0;
  let shareSoFar = 0n;
  let absorbed = 0n;
  let spreadOver = 0;
  for (const part of parts) {
    if (ordered.some((run) => position >= run.from && position < run.from + run.units)) {
      spreadOver += 1;
      unitsSoFar += part.units;
      const partShare = halfEven(share * BigInt(unitsSoFar), BigInt(held)) - shareSoFar;
      shareSoFar += partShare;
      const value = part.value + partShare < 0n ? 0n : part.value + partShare;
      absorbed += value - part.value;
      part.value = value;
    }
    position += part.units;
  }
  if (spreadOver > 1) tally(share % BigInt(held) === 0n ? 'FIFO: correction spread over several parts' : 'FIFO: correction spread unevenly over several parts');
  pool.layers = parts;
  pool.value = sumOf(parts);
  settle(pool);
  return amount - absorbed;
}

// ---- the reference model

/**
 * A pool of units with a value. At moving average `cost` is the average while units > 0, the last
 * known cost otherwise. First in, first out (`layers` present): `cost` is the last cost, the unit
 * cost of the newest layer, or of the newest there was once none is left.
 */
interface Pool {
  units: number;
  value: bigint;
  cost: bigint;
  layers?: Layer[];
}

/** Units left of one arrival at a FIFO pool, their exact value left, and when they were received (ms). */
interface Layer {
  units: number;
  value: bigint;
  receivedAt: number;
}

interface ReceiptRecord {
  quantity: number;
  cost: bigint;
  /** The key's units arrived on the shelf up to and including this receipt. */
  arrivedThrough: number;
}

/** Units of an arrival booked before its shipment, beyond what was in transit, not yet matched by a shipment. */
interface EarlyArrivalRecord {
  units: number;
  /** The key's units arrived on the shelf up to and including this arrival. */
  arrivedThrough: number;
}

interface KeyModel {
  onHand: Pool;
  inTransit: Pool;
  /** Every positive change of on hand, summed: "units that arrived on the shelf". */
  arrived: number;
  receipts: Map<string, ReceiptRecord>;
  /** The arrivals that took in transit below zero, oldest first. */
  earlyArrivals: EarlyArrivalRecord[];
  /** Whether the ledger holds a balance for the key (a movement was booked for it). */
  exists: boolean;
}

/** What one movement row books. */
interface Booked {
  valueDelta: bigint;
  inTransitValueDelta: bigint;
  costOfGoodsSold: bigint;
}

class ValuationModel {
  readonly keys: KeyModel[];
  readonly rows = new Map<string, Booked>();
  /** Cost of goods sold per "day|location". */
  readonly cogsByDay = new Map<string, bigint>();
  /** The period report's other rows, per "day|location|measure|reason". */
  readonly figuresByDay = new Map<string, Figure>();

  constructor(
    readonly locationOf: (key: number) => string,
    /** Whether each key's item is valued first in, first out. */
    readonly isFifo: (key: number) => boolean,
  ) {
    this.keys = KEYS.map((_, key) => ({ onHand: emptyPool(isFifo(key)), inTransit: emptyPool(isFifo(key)), arrived: 0, receipts: new Map(), earlyArrivals: [], exists: false }));
  }

  private book(id: string, key: number, at: string, booked: Booked): void {
    this.rows.set(id, booked);
    this.keys[key]!.exists = true;
    // A purchase order cost's share is named after the cost and its receipt: counted by what it is.
    const label = id.slice(id.indexOf(':', id.indexOf(':') + 1) + 1);
    tally(label.startsWith('po-cost:') ? `po-cost share${label.endsWith(':cogs-variance') ? ':cogs-variance' : ''}` : label);
    if (booked.costOfGoodsSold !== 0n && /:(receipt|transfer-in)$/.test(id)) tally('true-up of negative stock');
    addTo(this.cogsByDay, `${at.slice(0, 10)}|${this.locationOf(key)}`, booked.costOfGoodsSold);
  }

  /** "Taking k of n units out": at the average one rounding while covered, the last known cost beyond (negative stock); FIFO oldest layers first. */
  private take(pool: Pool, quantity: number, at: string): { removed: bigint; taken?: Layer[] } {
    if (pool.layers !== undefined) return fifoTake(pool, quantity, Date.parse(at));
    const covered = pool.units > 0 ? Math.min(quantity, pool.units) : 0;
    const coveredValue = covered === pool.units && covered > 0 ? pool.value : covered === 0 ? 0n : halfEven(pool.value * BigInt(covered), BigInt(pool.units));
    const removed = coveredValue + pool.cost * BigInt(quantity - covered);
    pool.units -= quantity;
    pool.value -= removed;
    if (pool.units > 0) pool.cost = halfEven(pool.value, BigInt(pool.units));
    if (covered < quantity) tally('units taken beyond the pool (negative stock)');
    return { removed };
  }

  /** Returns, found stock: added at the current average (the last known cost at or below zero); FIFO at the last cost, as a layer dated now. */
  private putBackAtAverage(key: number, quantity: number, at: string): bigint {
    const pool = this.keys[key]!.onHand;
    const added = pool.cost * BigInt(quantity);
    this.keys[key]!.arrived += quantity;
    if (pool.layers !== undefined) {
      const before = pool.value;
      fifoAdd(pool, quantity, added, Date.parse(at));
      return pool.value - before;
    }
    pool.units += quantity;
    pool.value += added;
    if (pool.units > 0) pool.cost = halfEven(pool.value, BigInt(pool.units));
    return added;
  }

  /** Units at a known total: fill any hole first (the true-up is returned), the rest carry their share; FIFO as a layer received `at`. */
  private addKnown(pool: Pool, quantity: number, total: bigint, at: number): bigint {
    if (pool.layers !== undefined) return fifoAdd(pool, quantity, total, at);
    const before = pool.value;
    const units = pool.units + quantity;
    if (pool.units > 0) {
      pool.value += total;
    } else {
      const newCost = halfEven(total, BigInt(quantity));
      pool.value = units > 0 ? halfEven(total * BigInt(units), BigInt(quantity)) : newCost * BigInt(units);
      pool.cost = newCost;
    }
    pool.units = units;
    if (units > 0) pool.cost = halfEven(pool.value, BigInt(units));
    return total - (pool.value - before);
  }

  /** FIFO in transit keeps no cost of its own below zero (value / units) and takes the shelf's at zero. */
  private settleInTransit(state: KeyModel): void {
    const transit = state.inTransit;
    if (transit.layers === undefined || transit.units > 0) return;
    transit.cost = transit.units < 0 ? halfEven(transit.value, BigInt(transit.units)) : state.onHand.cost;
  }

  /**
   * "Changing an item's method": a key the ledger holds gets a movement of its own that changes no
   * figure (`id`); average to FIFO, each pool above zero becomes one layer dated at the change;
   * FIFO to average, the layers collapse into the pool. A key not yet held starts by the new method.
   */
  changeMethod(id: string, key: number, at: string, toFifo: boolean): boolean {
    const state = this.keys[key]!;
    for (const pool of [state.onHand, state.inTransit]) {
      if (toFifo) {
        pool.layers = pool.units > 0 ? [{ units: pool.units, value: pool.value, receivedAt: Date.parse(at) }] : [];
        settle(pool);
      } else {
        delete pool.layers;
        if (pool.units > 0) pool.cost = halfEven(pool.value, BigInt(pool.units));
      }
    }
    if (!state.exists) return false;
    this.rows.set(id, { valueDelta: 0n, inTransitValueDelta: 0n, costOfGoodsSold: 0n });
    tally(`method change to ${toFifo ? 'FIFO' : 'moving average'}`);
    return true;
  }

  receipt(id: string, key: number, at: string, quantity: number, statedTotal: bigint, rate: string | undefined): void {
    const state = this.keys[key]!;
    const cost = converted(statedTotal, rate);
    const before = state.onHand.value;
    const trueUp = this.addKnown(state.onHand, quantity, cost, Date.parse(at));
    state.arrived += quantity;
    state.receipts.set(id, { quantity, cost, arrivedThrough: state.arrived });
    this.book(id, key, at, { valueDelta: state.onHand.value - before, inTransitValueDelta: 0n, costOfGoodsSold: trueUp });
  }

  sale(id: string, key: number, at: string, quantity: number): void {
    const { removed } = this.take(this.keys[key]!.onHand, quantity, at);
    this.book(id, key, at, { valueDelta: -removed, inTransitValueDelta: 0n, costOfGoodsSold: removed });
  }

  return(id: string, key: number, at: string, quantity: number): void {
    const added = this.putBackAtAverage(key, quantity, at);
    this.book(id, key, at, { valueDelta: added, inTransitValueDelta: 0n, costOfGoodsSold: -added });
  }

  adjustment(id: string, key: number, at: string, quantity: number, reasonCode: string): void {
    const valueDelta = quantity > 0 ? this.putBackAtAverage(key, quantity, at) : -this.take(this.keys[key]!.onHand, -quantity, at).removed;
    this.book(id, key, at, { valueDelta, inTransitValueDelta: 0n, costOfGoodsSold: 0n });
    addFigure(this.figuresByDay, `${at.slice(0, 10)}|${this.locationOf(key)}|adjustment|${reasonCode}`, quantity, valueDelta);
  }

  count(id: string, key: number, at: string, counted: number): void {
    this.book(id, key, at, { valueDelta: 0n, inTransitValueDelta: 0n, costOfGoodsSold: 0n });
    const variance = counted - this.keys[key]!.onHand.units;
    if (variance !== 0) this.adjustment(`${id}:variance`, key, at, variance, 'count-variance');
  }

  /**
   * The source gives up the units at its average (FIFO: its oldest layers); the shipment carries
   * exactly that value in transit (FIFO: a layer per element, each keeping its receipt time).
   */
  ship(id: string, from: number, to: number, at: string, quantity: number): void {
    const { removed, taken } = this.take(this.keys[from]!.onHand, quantity, at);
    this.book(id, from, at, { valueDelta: -removed, inTransitValueDelta: 0n, costOfGoodsSold: 0n });
    const state = this.keys[to]!;
    const { onHand: shelf, inTransit: transit } = state;
    const [shelfBefore, transitBefore, hole] = [shelf.value, transit.value, Math.max(0, -transit.units)];
    // "Late and backdated movements": a true-up here corrects goods put on the shelf before their
    // shipment was known, at an estimate; it is split as a landed cost is. Of the arrivals that
    // took in transit below zero, the units still on the shelf (first in, first out) take their
    // share, `correction x units / units below zero`; the rest is cost of goods sold.
    let correction: bigint;
    if (transit.layers !== undefined) {
      this.settleInTransit(state);
      correction = (taken ?? [{ units: quantity, value: removed, receivedAt: Date.parse(at) }]).reduce((sum, element) => sum + fifoAdd(transit, element.units, element.value, element.receivedAt), 0n);
    } else correction = this.addKnown(transit, quantity, removed, Date.parse(at));
    let costOfGoodsSold = correction;
    if (correction !== 0n) {
      const runs = state.earlyArrivals.map((arrival) => {
        const since = state.arrived - arrival.arrivedThrough;
        const held = Math.min(arrival.units, Math.max(0, shelf.units - since));
        return { from: shelf.units - since - held, units: held };
      });
      const stillOnHand = runs.reduce((units, run) => units + run.units, 0);
      if (shelf.layers !== undefined) costOfGoodsSold = fifoCorrect(shelf, runs, correction, hole);
      else if (stillOnHand > 0) {
        const share = halfEven(correction * BigInt(stillOnHand), BigInt(hole));
        shelf.value = shelf.value + share < 0n ? 0n : shelf.value + share;
        shelf.cost = halfEven(shelf.value, BigInt(shelf.units));
        costOfGoodsSold = correction - (shelf.value - shelfBefore);
        if (shelfBefore + share < 0n) tally('shipment correction the shelf cannot absorb');
      }
      tally(stillOnHand === 0 ? 'shipment corrects cost of goods sold' : stillOnHand === hole ? 'shipment corrects the shelf' : 'shipment correction split between shelf and cost of goods sold');
    }
    // The shipment matches the oldest early arrivals first.
    for (let unmatched = Math.min(quantity, hole); unmatched > 0; ) {
      const oldest = state.earlyArrivals[0]!;
      const matched = Math.min(oldest.units, unmatched);
      oldest.units -= matched;
      unmatched -= matched;
      if (oldest.units === 0) state.earlyArrivals.shift();
    }
    this.book(`${id}:shipped`, to, at, { valueDelta: shelf.value - shelfBefore, inTransitValueDelta: transit.value - transitBefore, costOfGoodsSold });
  }

  /** In transit to the shelf at the in-transit average (FIFO: its oldest layers, each keeping its date); the value leaving one arrives on the other. */
  arrive(id: string, key: number, at: string, quantity: number): void {
    const state = this.keys[key]!;
    // In transit has no cost of its own: its average, or the shelf's when nothing is in transit
    // (goods arriving before their shipment is known).
    if (state.inTransit.layers !== undefined) this.settleInTransit(state);
    else state.inTransit.cost = state.inTransit.units !== 0 ? halfEven(state.inTransit.value, BigInt(state.inTransit.units)) : state.onHand.cost;
    const beyondInTransit = quantity - Math.min(quantity, Math.max(0, state.inTransit.units));
    if (beyondInTransit > 0) tally('arrival before its shipment');
    const { removed: moved, taken } = this.take(state.inTransit, quantity, at);
    const before = state.onHand.value;
    const trueUp = taken === undefined ? this.addKnown(state.onHand, quantity, moved, Date.parse(at)) : taken.reduce((sum, element) => sum + fifoAdd(state.onHand, element.units, element.value, element.receivedAt), 0n);
    state.arrived += quantity;
    if (beyondInTransit > 0) state.earlyArrivals.push({ units: beyondInTransit, arrivedThrough: state.arrived });
    this.book(id, key, at, { valueDelta: state.onHand.value - before, inTransitValueDelta: -moved, costOfGoodsSold: trueUp });
  }

  /** "Landed costs": the receipt's units still on hand, first in first out, take their share (FIFO: exactly those units' layers); the rest is variance. */
  landedCost(id: string, key: number, at: string, receiptId: string, amount: bigint, costType: string): void {
    const state = this.keys[key]!;
    const receipt = state.receipts.get(receiptId)!;
    const pool = state.onHand;
    const since = state.arrived - receipt.arrivedThrough;
    const stillOnHand = Math.min(receipt.quantity, Math.max(0, pool.units - since));
    tally(stillOnHand === 0 ? 'landed cost: none of the receipt on hand' : stillOnHand === receipt.quantity ? 'landed cost: all of the receipt on hand' : 'landed cost: part of the receipt on hand');
    let revalued: bigint;
    if (pool.layers !== undefined) {
      revalued = amount - fifoCorrect(pool, [{ from: pool.units - since - stillOnHand, units: stillOnHand }], amount, receipt.quantity);
    } else {
      const share = stillOnHand === 0 ? 0n : halfEven(amount * BigInt(stillOnHand), BigInt(receipt.quantity));
      const value = stillOnHand === 0 ? pool.value : pool.value + share < 0n ? 0n : pool.value + share;
      if (stillOnHand > 0 && pool.value + share < 0n) tally('landed cost: correction the shelf cannot absorb');
      revalued = value - pool.value;
      pool.value = value;
      if (pool.units > 0) pool.cost = halfEven(value, BigInt(pool.units));
    }
    this.book(id, key, at, { valueDelta: revalued, inTransitValueDelta: 0n, costOfGoodsSold: 0n });
    const day = `${at.slice(0, 10)}|${this.locationOf(key)}`;
    const variance = amount - revalued;
    if (variance !== 0n) this.book(`${id}:cogs-variance`, key, at, { valueDelta: 0n, inTransitValueDelta: 0n, costOfGoodsSold: variance });
    // Both rows count the landed cost, whether or not it has a variance.
    addFigure(this.figuresByDay, `${day}|landed-cost-revaluation|${costType}`, null, revalued);
    addFigure(this.figuresByDay, `${day}|landed-cost-variance|${costType}`, null, variance);
  }
}

function emptyPool(fifo: boolean): Pool {
  return fifo ? { units: 0, value: 0n, cost: 0n, layers: [] } : { units: 0, value: 0n, cost: 0n };
}

/** A row of the period report: units (adjustments only), value, and how many movements. */
interface Figure {
  quantity: number | null;
  value: bigint;
  movements: number;
}

function addFigure(figures: Map<string, Figure>, key: string, quantity: number | null, value: bigint): void {
  const figure = figures.get(key) ?? { quantity: quantity === null ? null : 0, value: 0n, movements: 0 };
  figures.set(key, { quantity: quantity === null ? null : figure.quantity! + quantity, value: figure.value + value, movements: figure.movements + 1 });
}

function addTo(totals: Map<string, bigint>, key: string, amount: bigint): void {
  totals.set(key, (totals.get(key) ?? 0n) + amount);
}

// ---- the generated history

type Step =
  | { kind: 'receipt'; key: number; quantity: number; unitCost: number; style: 'unit' | 'total' | 'usd-unit' | 'usd-total'; rate: string }
  | { kind: 'sale' | 'return'; key: number; quantity: number }
  | { kind: 'adjustment'; key: number; quantity: number }
  | { kind: 'count'; key: number; counted: number }
  | { kind: 'ship'; from: 0 | 1; quantity: number; arrivedFirst: boolean }
  | { kind: 'arrive'; pick: number }
  | { kind: 'arrive-ahead'; from: 0 | 1; quantities: number[] }
  | { kind: 'ship-awaited'; pick: number }
  | { kind: 'landed-cost'; key: number; pick: number; fraction: number; costType: 'freight' | 'duty' | 'price-correction'; usd: boolean; rate: string }
  | { kind: 'method-change'; item: 'A' | 'B' }
  | { kind: 'po-cost'; pick: number; fraction: number; costType: 'freight' | 'duty' | 'price-correction'; usd: boolean; rate: string };

const keyArbitrary = fc.integer({ min: 0, max: KEYS.length - 1 });
const quantityArbitrary = fc.integer({ min: 1, max: 12 });
/** Receipts bring more than a sale takes, so keys are mostly positive and sometimes dip below zero. */
const receivedArbitrary = fc.integer({ min: 1, max: 60 });
const rateArbitrary = fc.constantFrom('0.9', '1.0834', '0.8563', '1.2345678901', '0.0733');
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('receipt' as const), key: keyArbitrary, quantity: receivedArbitrary, unitCost: fc.integer({ min: 100, max: 99_999 }), style: fc.constantFrom('unit' as const, 'total' as const, 'usd-unit' as const, 'usd-total' as const), rate: rateArbitrary }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constantFrom('sale' as const, 'return' as const, 'sale' as const), key: keyArbitrary, quantity: quantityArbitrary }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjustment' as const), key: keyArbitrary, quantity: fc.integer({ min: -12, max: 12 }).filter((quantity) => quantity !== 0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('count' as const), key: keyArbitrary, counted: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ship' as const), from: fc.constantFrom<0 | 1>(0, 1), quantity: quantityArbitrary, arrivedFirst: fc.integer({ min: 0, max: 3 }).map((draw) => draw === 0) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('arrive' as const), pick: fc.nat() }) },
  // Goods booked at the destination well ahead of the source's transfer-out, which comes some steps
  // later: often several transfers at once, so a shipment's correction is spread over the units of
  // several early arrivals (and over the parts of the layer they merged into), where rounding each
  // part on its own instead of the running total would show.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('arrive-ahead' as const), from: fc.constantFrom<0 | 1>(0, 1), quantities: fc.array(quantityArbitrary, { minLength: 1, maxLength: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('ship-awaited' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('method-change' as const), item: fc.constantFrom('A' as const, 'B' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('landed-cost' as const),
      key: keyArbitrary,
      pick: fc.nat(),
      fraction: fc.integer({ min: 1, max: 1_000 }),
      costType: fc.constantFrom('freight' as const, 'duty' as const, 'price-correction' as const),
      usd: fc.boolean(),
      rate: rateArbitrary,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('po-cost' as const),
      pick: fc.nat(),
      fraction: fc.integer({ min: 1, max: 1_000 }),
      costType: fc.constantFrom('freight' as const, 'duty' as const, 'price-correction' as const),
      usd: fc.boolean(),
      rate: rateArbitrary,
    }),
  },
);

/**
 * Which items a history values first in, first out. Item A, the one transferred, in two histories
 * of three: a shipment corrects the layers of its early arrivals only at a FIFO key.
 */
const fifoItemsArbitrary: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom<string[]>(['A'], ['A', 'B']) },
  { weight: 1, arbitrary: fc.constantFrom<string[]>([], ['B']) },
);

/** A landed cost's or purchase order cost's amount, as stated and in the valuation currency, for receipts that booked `booked`. */
function generatedCost(step: { fraction: number; costType: string; usd: boolean; rate: string }, booked: bigint): { usd: boolean; stated: bigint; amount: bigint } {
  const negative = step.costType === 'price-correction' && step.fraction % 2 === 0;
  // A correction lowers at most what the receipts booked; other costs up to twice the goods.
  const inValuationCurrency = negative ? -halfEven(booked * BigInt(step.fraction), 1_000n) : halfEven(booked * BigInt(step.fraction), 500n) + 1n;
  const usd = step.usd && !negative;
  // In USD: an amount near the same size, stated in USD and converted at the rate.
  const stated = usd ? halfEven(inValuationCurrency * RATE_SCALE, rateOf(step.rate)) + 1n : inValuationCurrency;
  return { usd, stated, amount: usd ? converted(stated, step.rate) : stated };
}

/**
 * "Costs of a whole purchase order": shares in proportion to what each receipt booked (by quantity
 * when all booked zero), each first rounded toward zero, the ten-thousandths left one each to the
 * largest remainders, ties to the receipt id that sorts first.
 */
function sharesOf(amount: bigint, receipts: Array<{ id: string; quantity: number; cost: bigint }>): Map<string, bigint> {
  const sorted = [...receipts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byValue = sorted.some((receipt) => receipt.cost > 0n);
  const weights = sorted.map((receipt) => (byValue ? receipt.cost : BigInt(receipt.quantity)));
  const total = weights.reduce((sum, weight) => sum + weight, 0n);
  const size = amount < 0n ? -amount : amount;
  const shares = weights.map((weight) => (size * weight) / total);
  let left = size - shares.reduce((sum, share) => sum + share, 0n);
  const order = sorted.map((_, index) => index);
  order.sort((a, b) => {
    const ra = (size * weights[a]!) % total;
    const rb = (size * weights[b]!) % total;
    return ra === rb ? a - b : rb > ra ? 1 : -1;
  });
  for (const index of order) {
    if (left === 0n) break;
    shares[index]! += 1n;
    left -= 1n;
  }
  return new Map(sorted.map((receipt, index) => [receipt.id, amount < 0n ? -shares[index]! : shares[index]!]));
}

/** A history published step by step; the model is updated with each movement as it is published. */
class History {
  readonly model: ValuationModel;
  /** Movements waiting to be published (one send keeps each key's order). */
  private pending: InventoryMovementV1[] = [];
  private sequence = 0;
  private readonly shipments: Array<{ transferId: string; from: number; to: number; quantity: number }> = [];
  /** Transfers received at their destination whose source has not shipped them yet. */
  private readonly awaitingShipment: Array<{ transferId: string; from: number; quantity: number }> = [];
  private readonly receiptsOf = KEYS.map((): string[] => []);
  /** The receipts of each purchase order, in the order published. */
  private readonly receiptsOfOrder = new Map<string, Array<{ id: string; key: number }>>();
  readonly described: string[] = [];

  constructor(
    readonly ledger: RunningLedger,
    readonly dataSource: DataSource,
    readonly runId: string,
    /** The items (KEYS' sku) valued first in, first out in this history, as the catalog says now. */
    readonly fifoItems: Set<string>,
  ) {
    this.model = new ValuationModel(
      (key) => this.location(key),
      (key) => fifoItems.has(KEYS[key]!.sku),
    );
  }

  /** The catalog's items of this history, each with its method, known to the ledger before the first movement. */
  async catalog(): Promise<void> {
    const skus = [...new Set(KEYS.map((key) => key.sku))];
    await this.ledger.publishCatalogItems(
      skus.map((sku) => ({
        sku: `${this.runId}-${sku}`,
        description: `${sku} of ${this.runId}`,
        unit: 'each',
        packSize: 1,
        lowStockThreshold: 0,
        active: true,
        updatedAt: new Date(CALENDAR_START).toISOString(),
        valuationMethod: this.fifoItems.has(sku) ? ('fifo' as const) : ('moving-average' as const),
      })),
    );
    await waitFor(
      async () => {
        const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM inventory_ledger.item_setting WHERE sku LIKE $1`, [`${this.runId}-%`]);
        return rows.length === skus.length ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 25, description: `the catalog items of ${this.runId}` },
    );
    this.described.push(`items valued first in, first out: ${[...this.fifoItems].join(', ') || 'none'}`);
  }

  /** Every movement published so far applied: a catalog change then finds every key the model holds. */
  private async allApplied(): Promise<void> {
    const ids = [...this.model.rows.keys()];
    await waitFor(
      async () => {
        const rows: Array<{ n: number }> = await this.dataSource.query(`SELECT count(*)::int AS n FROM inventory_ledger.movement WHERE movement_id = ANY($1::text[])`, [ids]);
        return rows[0]!.n === ids.length ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 25, description: 'every movement published so far applied' },
    );
  }

  sku(key: number): string {
    return `${this.runId}-${KEYS[key]!.sku}`;
  }

  location(key: number): string {
    return `${this.runId}-${KEYS[key]!.location}`;
  }

  private id(label: string): string {
    this.sequence += 1;
    return `${this.runId}:${this.sequence}:${label}`;
  }

  private at(): string {
    return new Date(CALENDAR_START + this.sequence * MINUTES_PER_STEP * 60_000).toISOString();
  }

  /** The business day of the latest movement published. */
  lastBusinessDay(): string {
    return this.at().slice(0, 10);
  }

  private erp(id: string): { system: 'erp'; documentId: string } {
    return { system: 'erp', documentId: id.slice(-64) };
  }

  async apply(step: Step): Promise<void> {
    switch (step.kind) {
      case 'receipt': {
        const id = this.id('receipt');
        const at = this.at();
        const usd = step.style.startsWith('usd');
        const unitCost = BigInt(step.unitCost);
        // With a total: an invoice line whose total is not quantity x a four-decimal unit cost.
        const total = step.style.endsWith('total') ? unitCost * BigInt(step.quantity) + BigInt((step.unitCost % 7) - 3) : undefined;
        const statedTotal = total !== undefined && total > 0n ? total : unitCost * BigInt(step.quantity);
        const statedUnit = total !== undefined && total > 0n ? halfEven(total, BigInt(step.quantity)) : unitCost;
        // Three purchase orders per history, received across every key.
        const purchaseOrderId = `${this.runId}-PO${step.quantity % 3}`;
        this.receiptsOfOrder.set(purchaseOrderId, [...(this.receiptsOfOrder.get(purchaseOrderId) ?? []), { id, key: step.key }]);
        this.pending.push({
          movementId: id,
          kind: 'receipt',
          sku: this.sku(step.key),
          locationId: this.location(step.key),
          quantity: step.quantity,
          unitCost: decimal(statedUnit),
          ...(total !== undefined && total > 0n ? { totalCost: decimal(total) } : {}),
          ...(usd ? { currency: 'USD', exchangeRate: step.rate } : {}),
          purchaseOrderId,
          occurredAt: at,
          source: this.erp(id),
        });
        this.model.receipt(id, step.key, at, step.quantity, statedTotal, usd ? step.rate : undefined);
        this.receiptsOf[step.key]!.push(id);
        tally(`receipt priced ${step.style}`);
        this.described.push(`receipt(${step.key}, ${step.quantity} x ${decimal(statedUnit)}${total !== undefined ? ` total ${decimal(statedTotal)}` : ''}${usd ? ` USD @ ${step.rate}` : ''})`);
        return;
      }
      case 'sale':
      case 'return': {
        const id = this.id(step.kind);
        const at = this.at();
        this.pending.push({ movementId: id, kind: step.kind, sku: this.sku(step.key), locationId: this.location(step.key), quantity: step.quantity, occurredAt: at, source: { system: 'pos', storeId: this.location(step.key), transactionId: id.slice(-64), lineNumber: 1 } });
        if (step.kind === 'sale') this.model.sale(id, step.key, at, step.quantity);
        else this.model.return(id, step.key, at, step.quantity);
        this.described.push(`${step.kind}(${step.key}, ${step.quantity})`);
        return;
      }
      case 'adjustment': {
        const id = this.id('adjustment');
        const at = this.at();
        this.pending.push({ movementId: id, kind: 'adjustment', sku: this.sku(step.key), locationId: this.location(step.key), quantity: step.quantity, reasonCode: step.quantity > 0 ? 'found' : 'damaged', occurredAt: at, source: this.erp(id) });
        this.model.adjustment(id, step.key, at, step.quantity, step.quantity > 0 ? 'found' : 'damaged');
        this.described.push(`adjustment(${step.key}, ${step.quantity})`);
        return;
      }
      case 'count': {
        const id = this.id('count');
        const at = this.at();
        this.pending.push({ movementId: id, kind: 'count', sku: this.sku(step.key), locationId: this.location(step.key), countId: id.slice(-64), countedQuantity: step.counted, occurredAt: at, source: { system: 'ops', documentId: id.slice(-64) } });
        this.model.count(id, step.key, at, step.counted);
        this.described.push(`count(${step.key}, ${step.counted})`);
        return;
      }
      case 'ship': {
        const to = 1 - step.from;
        this.sequence += 1;
        const transferId = `${this.runId}:T${this.sequence}`;
        const described = `ship(${step.from} -> ${to}, ${step.quantity}${step.arrivedFirst ? ', received before it ships' : ''})`;
        if (step.arrivedFirst) await this.arriveAhead(transferId, step.from, step.quantity);
        await this.transferOut(transferId, step.from, step.quantity);
        if (!step.arrivedFirst) this.shipments.push({ transferId, from: step.from, to, quantity: step.quantity });
        this.described.push(described);
        return;
      }
      case 'arrive-ahead': {
        for (const quantity of step.quantities) {
          this.sequence += 1;
          const transferId = `${this.runId}:T${this.sequence}`;
          await this.arriveAhead(transferId, step.from, quantity);
          this.awaitingShipment.push({ transferId, from: step.from, quantity });
        }
        this.described.push(`arrive-ahead(${step.from} -> ${1 - step.from}, ${step.quantities.join(' + ')})`);
        return;
      }
      case 'ship-awaited': {
        if (this.awaitingShipment.length === 0) return;
        const [awaited] = this.awaitingShipment.splice(step.pick % this.awaitingShipment.length, 1);
        await this.transferOut(awaited!.transferId, awaited!.from, awaited!.quantity);
        this.described.push(`ship-awaited(${awaited!.from} -> ${1 - awaited!.from}, ${awaited!.quantity})`);
        return;
      }
      case 'arrive': {
        if (this.shipments.length === 0) return;
        const [shipment] = this.shipments.splice(step.pick % this.shipments.length, 1);
        this.arrival(shipment!.transferId, shipment!.from, shipment!.to, shipment!.quantity);
        this.described.push(`arrive(${shipment!.from} -> ${shipment!.to}, ${shipment!.quantity})`);
        return;
      }
      case 'method-change': {
        await this.flush();
        await this.allApplied();
        this.sequence += 1;
        const at = this.at();
        const toFifo = !this.fifoItems.has(step.item);
        if (toFifo) this.fifoItems.add(step.item);
        else this.fifoItems.delete(step.item);
        await this.ledger.publishCatalogItems([
          { sku: `${this.runId}-${step.item}`, description: `${step.item} of ${this.runId}`, unit: 'each', packSize: 1, lowStockThreshold: 0, active: true, updatedAt: at, valuationMethod: toFifo ? 'fifo' : 'moving-average' },
        ]);
        for (const [key, { sku }] of KEYS.entries()) {
          if (sku !== step.item) continue;
          const changeId = `valuation-method:${toFifo ? 'fifo' : 'moving-average'}:${at}:${this.sku(key)}@${this.location(key)}`;
          if (this.model.changeMethod(changeId, key, at, toFifo)) await this.applied(changeId);
        }
        // A key the item does not have yet: the catalog change is stored before anything later is published.
        await waitFor(
          async () => {
            const rows: Array<{ valuation_method: string }> = await this.dataSource.query(`SELECT valuation_method FROM inventory_ledger.item_setting WHERE sku = $1`, [`${this.runId}-${step.item}`]);
            return rows[0]?.valuation_method === (toFifo ? 'fifo' : 'moving-average') ? true : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 25, description: `the catalog's change of ${step.item}` },
        );
        this.described.push(`method-change(${step.item} -> ${toFifo ? 'fifo' : 'moving-average'})`);
        return;
      }
      case 'landed-cost': {
        const receipts = this.receiptsOf[step.key]!;
        if (receipts.length === 0) return;
        const receiptId = receipts[step.pick % receipts.length]!;
        const { usd, stated, amount } = generatedCost(step, this.model.keys[step.key]!.receipts.get(receiptId)!.cost);
        if (amount === 0n) return;
        const id = this.id('landed-cost');
        const at = this.at();
        this.pending.push({
          movementId: id,
          kind: 'landed-cost',
          sku: this.sku(step.key),
          locationId: this.location(step.key),
          receiptMovementId: receiptId,
          amount: decimal(stated),
          costType: step.costType,
          ...(usd ? { currency: 'USD', exchangeRate: step.rate } : {}),
          occurredAt: at,
          source: this.erp(id),
        });
        this.model.landedCost(id, step.key, at, receiptId, amount, step.costType);
        tally(`landed cost ${usd ? 'in USD' : amount < 0n ? 'lowering' : 'raising'}`);
        this.described.push(`landed-cost(${step.key}, ${receiptId}, ${decimal(stated)}${usd ? ` USD @ ${step.rate}` : ''}, ${step.costType})`);
        return;
      }
      case 'po-cost':
        await this.purchaseOrderCost(step);
        return;
    }
  }

  /**
   * A cost of a whole purchase order, on its own topic: published once the order's receipts are
   * applied, and waited for until each landed cost it derives is applied at its key, so nothing
   * published later for those keys overtakes them.
   */
  private async purchaseOrderCost(step: Extract<Step, { kind: 'po-cost' }>): Promise<void> {
    const orders = [...this.receiptsOfOrder.keys()];
    if (orders.length === 0) return;
    const purchaseOrderId = orders[step.pick % orders.length]!;
    const receipts = this.receiptsOfOrder.get(purchaseOrderId)!.map(({ id, key }) => ({ id, key, ...this.model.keys[key]!.receipts.get(id)! }));
    const { usd, stated, amount } = generatedCost(step, receipts.reduce((sum, receipt) => sum + receipt.cost, 0n));
    if (amount === 0n) return;
    const costId = this.id('po-cost');
    const at = this.at();
    await this.flush();
    for (const receipt of receipts) await this.applied(receipt.id);
    await this.ledger.publishPurchaseOrderCosts([
      { costId, purchaseOrderId, amount: decimal(stated), costType: step.costType, ...(usd ? { currency: 'USD', exchangeRate: step.rate } : {}), occurredAt: at, source: this.erp(costId) },
    ]);
    const shares = sharesOf(amount, receipts);
    for (const receipt of receipts) {
      const share = shares.get(receipt.id)!;
      if (share === 0n) continue;
      this.model.landedCost(`${costId}:${receipt.id}`, receipt.key, at, receipt.id, share, step.costType);
      await this.applied(`${costId}:${receipt.id}`);
    }
    tally(`purchase order cost over ${receipts.length} receipts${usd ? ' in USD' : amount < 0n ? ', lowering' : ''}`);
    this.described.push(`po-cost(${purchaseOrderId}, ${decimal(stated)}${usd ? ` USD @ ${step.rate}` : ''}, ${step.costType})`);
  }

  /**
   * The destination books the goods before the source ships them (a scan ahead of the paperwork):
   * published and applied before anything later, so it is applied before the shipment exists.
   */
  private async arriveAhead(transferId: string, from: number, quantity: number): Promise<void> {
    await this.flush();
    const arrival = this.arrival(transferId, from, 1 - from, quantity);
    await this.flush();
    await this.applied(arrival);
  }

  /** The source's transfer-out; the ledger derives the shipment and publishes it for the destination. */
  private async transferOut(transferId: string, from: number, quantity: number): Promise<void> {
    const to = 1 - from;
    const id = this.id('transfer-out');
    const at = this.at();
    this.pending.push({ movementId: id, kind: 'transfer-out', sku: this.sku(from), locationId: this.location(from), quantity, transferId, toLocationId: this.location(to), occurredAt: at, source: { system: 'wms', documentId: transferId } });
    this.model.ship(id, from, to, at, quantity);
    // Wait until the shipment is applied at the destination, so nothing published later for the
    // destination overtakes it.
    await this.flush();
    await this.applied(`${id}:shipped`);
  }

  /** A transfer-in at the destination, added to what is to be published; returns its id. */
  private arrival(transferId: string, from: number, to: number, quantity: number): string {
    const id = this.id('transfer-in');
    const at = this.at();
    this.pending.push({ movementId: id, kind: 'transfer-in', sku: this.sku(to), locationId: this.location(to), quantity, transferId, fromLocationId: this.location(from), occurredAt: at, source: { system: 'wms', documentId: transferId } });
    this.model.arrive(id, to, at, quantity);
    return id;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.ledger.publish(this.pending);
    this.pending = [];
  }

  /** Ends the history with a marker per key (an order, which no value rule touches) and waits for them. */
  async finish(): Promise<void> {
    const markers = KEYS.map((_, key) => {
      const id = this.id('end');
      this.pending.push({ movementId: id, kind: 'order-placed', sku: this.sku(key), locationId: this.location(key), quantity: 1, purchaseOrderId: `PO-${this.runId}`, occurredAt: this.at(), source: this.erp(id) });
      this.model.rows.set(id, { valueDelta: 0n, inTransitValueDelta: 0n, costOfGoodsSold: 0n });
      return id;
    });
    await this.flush();
    for (const marker of markers) await this.applied(marker);
  }

  private async applied(movementId: string): Promise<void> {
    await waitFor(
      async () => {
        const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM inventory_ledger.movement WHERE movement_id = $1`, [movementId]);
        return rows.length > 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 25, description: `${movementId} applied (nothing refused before it: see the dead-letter topic)` },
    );
  }
}

describe('inventory-ledger valuation against an independent model (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let dataSource: DataSource;
  let db: Client;
  let reportHeaders: Record<string, string>;

  beforeAll(async () => {
    ledger = await startRunningLedger('ledger-valuation-model');
    dataSource = ledger.app.get(DataSource);
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
    reportHeaders = { authorization: `Bearer ${await issueCredential(ledger.url, ledger.adminApiKey, ['valuation:read'])}` };
  });

  afterAll(async () => {
    await db?.end();
    await ledger?.close();
  });

  it('books every movement, key, layer and day exactly as the documented moving average or FIFO layers', async () => {
    console.log(`[valuation-model] seed=${SEED}${PATH ? ` path=${PATH}` : ''} runs=${RUNS} steps<=${STEPS} (VALUATION_MODEL_SEED / _PATH / _RUNS / _STEPS)`);
    let runs = 0;
    let movements = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: Math.ceil(STEPS / 2), maxLength: STEPS, size: 'max' }), fifoItemsArbitrary, async (steps, fifoItems) => {
        runs += 1;
        const history = new History(ledger, dataSource, `V${runs}`, new Set(fifoItems));
        for (const sku of ['A', 'B']) tally(`item valued ${fifoItems.includes(sku) ? 'first in, first out' : 'at moving average'}`);
        await history.catalog();
        for (const step of steps) await history.apply(step);
        await history.finish();
        const context = `history:\n  ${history.described.join('\n  ')}`;

        const rows: Array<{ movement_id: string; value_delta: string; in_transit_value_delta: string; cost_of_goods_sold: string }> = await dataSource.query(
          `SELECT movement_id, value_delta::text, in_transit_value_delta::text, cost_of_goods_sold::text FROM inventory_ledger.movement WHERE sku LIKE $1 ORDER BY movement_id`,
          [`${history.runId}-%`],
        );
        movements += rows.length;
        const expectedRows = [...history.model.rows].map(([movement_id, booked]) => ({
          movement_id,
          value_delta: decimal(booked.valueDelta),
          in_transit_value_delta: decimal(booked.inTransitValueDelta),
          cost_of_goods_sold: decimal(booked.costOfGoodsSold),
        }));
        expect({ context, rows }).toEqual({ context, rows: expectedRows.sort((a, b) => (a.movement_id < b.movement_id ? -1 : 1)) });

        const balances: Array<{ sku: string; location_id: string; on_hand: number; inventory_value: string; in_transit: number; in_transit_value: string }> = await dataSource.query(
          `SELECT sku, location_id, on_hand, inventory_value::text, in_transit, in_transit_value::text FROM inventory_ledger.stock_balance WHERE sku LIKE $1 ORDER BY sku, location_id`,
          [`${history.runId}-%`],
        );
        const expectedBalances = history.model.keys.map((state, key) => ({
          sku: history.sku(key),
          location_id: history.location(key),
          on_hand: state.onHand.units,
          inventory_value: decimal(state.onHand.value),
          in_transit: state.inTransit.units,
          in_transit_value: decimal(state.inTransit.value),
        }));
        expect({ context, balances: balances.map((row) => ({ ...row, on_hand: Number(row.on_hand), in_transit: Number(row.in_transit) })) }).toEqual({ context, balances: expectedBalances });

        const layers: Array<{ sku: string; location_id: string; pool: string; units: string; value: string; received_at: Date }> = await dataSource.query(
          `SELECT sku, location_id, pool, units::text, value::text, received_at FROM inventory_ledger.stock_layer WHERE sku LIKE $1 ORDER BY sku, location_id, pool, position`,
          [`${history.runId}-%`],
        );
        const layersOf = (pool: Pool) => (pool.units > 0 ? (pool.layers ?? []) : []).map((layer) => ({ units: String(layer.units), value: decimal(layer.value), received_at: new Date(layer.receivedAt) }));
        const expectedLayers = history.model.keys.flatMap((state, key) =>
          (
            [
              ['in-transit', state.inTransit],
              ['on-hand', state.onHand],
            ] as const
          ).flatMap(([pool, modelled]) => layersOf(modelled).map((layer) => ({ sku: history.sku(key), location_id: history.location(key), pool, ...layer }))),
        );
        expect({ context, layers }).toEqual({ context, layers: expectedLayers.sort((a, b) => (a.sku === b.sku ? (a.location_id === b.location_id ? 0 : a.location_id < b.location_id ? -1 : 1) : a.sku < b.sku ? -1 : 1)) });

        const lastDay = history.lastBusinessDay();
        const response = await fetch(`${ledger.url}/v1/reports/period?from=${new Date(CALENDAR_START).toISOString().slice(0, 10)}&to=${lastDay}&format=json`, { headers: reportHeaders });
        expect(response.status).toBe(200);
        const report = ((await response.json()) as Array<{ period: string; locationId: string; measure: string; reasonCode: string | null; quantity: string | null; value: string; movements: string | null }>).filter((row) =>
          row.locationId.startsWith(`${history.runId}-`),
        );
        const cogs = Object.fromEntries(report.filter((row) => row.measure === 'cost-of-goods-sold').map((row) => [`${row.period}|${row.locationId}`, row.value]));
        expect({ context, cogs }).toEqual({ context, cogs: Object.fromEntries([...history.model.cogsByDay].filter(([, amount]) => amount !== 0n).map(([day, amount]) => [day, decimal(amount)])) });
        const figures = Object.fromEntries(
          report.filter((row) => row.measure !== 'cost-of-goods-sold').map((row) => [`${row.period}|${row.locationId}|${row.measure}|${row.reasonCode}`, { quantity: row.quantity, value: row.value, movements: row.movements }]),
        );
        const modelledFigures = Object.fromEntries(
          [...history.model.figuresByDay].map(([row, figure]) => [row, { quantity: figure.quantity === null ? null : String(figure.quantity), value: decimal(figure.value), movements: String(figure.movements) }]),
        );
        expect({ context, figures }).toEqual({ context, figures: modelledFigures });
      }),
      { seed: SEED, path: PATH, numRuns: RUNS, endOnFailure: true },
    );
    const invariants = await checkLedgerInvariants(db, 'inventory_ledger');
    const situations = [...exercised].sort(([a], [b]) => (a < b ? -1 : 1)).map(([situation, times]) => `${situation} ${times}`).join(', ');
    console.log(`[valuation-model] ${runs} histories, ${movements} movement rows compared (${situations}); invariant violations: ${invariants.violations.length}`);
    expect(invariants.violations).toEqual([]);
  });
});
