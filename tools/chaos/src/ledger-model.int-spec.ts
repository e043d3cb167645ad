// Model-based test of the real LedgerWriter on a real database: fast-check generates sequences
// of receipts, sales, returns, adjustments, orders, transfers, physical counts, late till lines,
// duplicate deliveries and crashes (just before the commit, and between the database commit and
// the offset commit, which redelivers the batch), and after every step the balances in
// PostgreSQL, and the valuation totals per location (on hand and balances, whether or not their
// deltas were folded: folds of a few rows are steps too), must equal a tiny reference model
// written here, independent of the domain library.
//
// Reproduce a failure with the seed and path it prints:
//   LEDGER_MODEL_SEED=<seed> LEDGER_MODEL_PATH=<path> npx jest -c tools/chaos/jest.config.cjs ledger-model
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { checkLedgerInvariants } from '@ledgerline/history-checker';
import { openServiceDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { ledgerConfigSchema } from '../../../apps/inventory-ledger/src/config/ledger.config';
import { ledgerDatabaseOptions } from '../../../apps/inventory-ledger/src/inventory-ledger.module';
import { LedgerWriter } from '../../../apps/inventory-ledger/src/ledger/ledger-writer';
import { ValuationSql } from '../../../apps/inventory-ledger/src/valuation/valuation-sql';
import { LEDGER_SCHEMA } from './chaos-run';
import { adjustment, businessTime, count, receipt, tillLine } from './movement-factory';
import { deliver, type Delivery } from './model-delivery';

jest.setTimeout(120_000);

const NUM_RUNS = 20;
const SEED = Number(process.env['LEDGER_MODEL_SEED'] ?? Date.now() % 2_147_483_647);
const PATH = process.env['LEDGER_MODEL_PATH'];
/** Key 0 and 1 are one SKU at two locations, so goods can be transferred between them. */
const KEY_SUFFIXES = ['A@L1', 'A@L2', 'B@L1'] as const;
const MINUTES_PER_STEP = 10;
/** What the runs exercised, printed at the end. */
const exercised = { steps: 0, crashes: 0, folds: 0, deliveries: new Map<Delivery, number>() };

interface KeyState {
  onHand: number;
  inTransit: number;
  onOrder: number;
  version: number;
  lastCountAt: number | null;
}

/** The reference: what each kind does to the four figures, the count rule, nothing else. */
class LedgerModel {
  readonly keys = KEY_SUFFIXES.map((): KeyState => ({ onHand: 0, inTransit: 0, onOrder: 0, version: 0, lastCountAt: null }));
  clock = 0;

  /** A movement dated `at` that changes on hand by `delta`: absorbed by a later count, if any. */
  changeOnHand(key: number, delta: number, at: number): void {
    const state = this.keys[key]!;
    const covered = state.lastCountAt !== null && at <= state.lastCountAt;
    if (covered) {
      state.version += delta === 0 ? 1 : 2; // the movement, and the correction that cancels it
    } else {
      state.onHand += delta;
      state.version += 1;
    }
  }

  /** On hand and open balances per location, as the valuation totals state them. */
  valuationByLocation(): Record<string, { onHand: number; balances: number }> {
    const totals: Record<string, { onHand: number; balances: number }> = {};
    this.keys.forEach((state, index) => {
      const location = KEY_SUFFIXES[index]!.split('@')[1]!;
      const total = (totals[location] ??= { onHand: 0, balances: 0 });
      total.onHand += state.onHand;
      total.balances += state.version > 0 ? 1 : 0;
    });
    return totals;
  }

  count(key: number, counted: number, at: number): void {
    const state = this.keys[key]!;
    state.version += counted === state.onHand ? 1 : 2; // the count, and its variance
    state.onHand = counted;
    state.lastCountAt = at;
  }
}

class RealLedger {
  private sequence = 0;
  readonly delivered: InventoryMovementV1[] = [];
  readonly valuation = new ValuationSql(LEDGER_SCHEMA);
  /** The totals earlier runs left in the shared database: this run's model starts from them. */
  private totalsBefore: Record<string, { onHand: number; balances: number }> = {};

  constructor(
    readonly writer: LedgerWriter,
    readonly dataSource: DataSource,
    readonly runId: string,
  ) {}

  key(index: number): string {
    return `${this.runId}-${KEY_SUFFIXES[index]!}`;
  }

  nextId(label: string): string {
    this.sequence += 1;
    return `${this.runId}:${this.sequence}:${label}`;
  }

  async deliver(movements: InventoryMovementV1[], delivery: Delivery): Promise<void> {
    await deliver(this.writer, this.dataSource, movements, delivery);
    this.delivered.push(...movements);
  }

  async start(): Promise<void> {
    this.totalsBefore = await this.valuationTotals();
  }

  /** This run's share of the valuation totals per location (folded plus not yet folded). */
  async valuationByLocation(): Promise<Record<string, { onHand: number; balances: number }>> {
    const totals = await this.valuationTotals();
    const locations = new Set([...KEY_SUFFIXES.map((suffix) => suffix.split('@')[1]!), ...Object.keys(totals), ...Object.keys(this.totalsBefore)]);
    return Object.fromEntries(
      [...locations].map((location) => {
        const [now, before] = [totals[location], this.totalsBefore[location]];
        return [location, { onHand: (now?.onHand ?? 0) - (before?.onHand ?? 0), balances: (now?.balances ?? 0) - (before?.balances ?? 0) }];
      }),
    );
  }

  private async valuationTotals(): Promise<Record<string, { onHand: number; balances: number }>> {
    const rows = await this.valuation.locationTotals(this.dataSource.manager);
    return Object.fromEntries(rows.map((row) => [row.locationId, { onHand: Number(row.onHand), balances: Number(row.balances) }]));
  }

  async balances(): Promise<Array<Omit<KeyState, 'lastCountAt'>>> {
    const rows: Array<{ sku: string; location_id: string; on_hand: string; in_transit: string; on_order: string; version: string }> = await this.dataSource.query(
      `SELECT sku, location_id, on_hand::text, in_transit::text, on_order::text, version::text FROM ${LEDGER_SCHEMA}.stock_balance WHERE sku LIKE $1`,
      [`${this.runId}-%`],
    );
    return KEY_SUFFIXES.map((_, index) => {
      const row = rows.find((each) => `${each.sku}@${each.location_id}` === this.key(index));
      return { onHand: Number(row?.on_hand ?? 0), inTransit: Number(row?.in_transit ?? 0), onOrder: Number(row?.on_order ?? 0), version: Number(row?.version ?? 0) };
    });
  }
}

type LedgerCommand = fc.AsyncCommand<LedgerModel, RealLedger>;

/** One step: advance the clock, deliver, update the model, then compare every balance. */
abstract class Step implements LedgerCommand {
  constructor(readonly delivery: Delivery) {}
  check(): boolean {
    return true;
  }
  abstract perform(model: LedgerModel, real: RealLedger, at: number): Promise<void>;
  abstract describe(): string;
  async run(model: LedgerModel, real: RealLedger): Promise<void> {
    model.clock += MINUTES_PER_STEP;
    exercised.steps += 1;
    exercised.deliveries.set(this.delivery, (exercised.deliveries.get(this.delivery) ?? 0) + 1);
    await this.perform(model, real, model.clock);
    const actual = await real.balances();
    expect(actual).toEqual(model.keys.map(({ lastCountAt: _lastCountAt, ...figures }) => figures));
    expect(await real.valuationByLocation()).toEqual(model.valuationByLocation());
  }
  toString(): string {
    return `${this.describe()} [${this.delivery}]`;
  }
}

class Receipt extends Step {
  constructor(readonly key: number, readonly quantity: number, readonly unitCost: string, readonly againstOrder: boolean, delivery: Delivery) {
    super(delivery);
  }
  async perform(model: LedgerModel, real: RealLedger, at: number): Promise<void> {
    const movement = receipt(real.nextId('receipt'), real.key(this.key), this.quantity, this.unitCost, at);
    await real.deliver([this.againstOrder ? { ...movement, purchaseOrderId: `PO-${real.runId}` } : movement], this.delivery);
    const state = model.keys[this.key]!;
    if (this.againstOrder) state.onOrder -= Math.min(this.quantity, state.onOrder);
    model.changeOnHand(this.key, this.quantity, at);
  }
  describe(): string {
    return `receipt(${this.key}, ${this.quantity} @ ${this.unitCost}${this.againstOrder ? ', against order' : ''})`;
  }
}

class TillLine extends Step {
  /** `late`: dated just before the key's latest count, as a till that was offline would send it. */
  constructor(readonly kind: 'sale' | 'return', readonly key: number, readonly quantity: number, readonly late: boolean, delivery: Delivery) {
    super(delivery);
  }
  async perform(model: LedgerModel, real: RealLedger, at: number): Promise<void> {
    const lastCountAt = model.keys[this.key]!.lastCountAt;
    const dated = this.late && lastCountAt !== null ? lastCountAt - 1 : at;
    await real.deliver([tillLine(this.kind, real.nextId(this.kind), real.key(this.key), this.quantity, dated)], this.delivery);
    model.changeOnHand(this.key, this.kind === 'sale' ? -this.quantity : this.quantity, dated);
  }
  describe(): string {
    return `${this.late ? 'late ' : ''}${this.kind}(${this.key}, ${this.quantity})`;
  }
}

class Adjustment extends Step {
  constructor(readonly key: number, readonly quantity: number, delivery: Delivery) {
    super(delivery);
  }
  async perform(model: LedgerModel, real: RealLedger, at: number): Promise<void> {
    await real.deliver([adjustment(real.nextId('adjustment'), real.key(this.key), this.quantity, 'damaged', at)], this.delivery);
    model.changeOnHand(this.key, this.quantity, at);
  }
  describe(): string {
    return `adjustment(${this.key}, ${this.quantity})`;
  }
}

class OrderPlaced extends Step {
  constructor(readonly key: number, readonly quantity: number, delivery: Delivery) {
    super(delivery);
  }
  async perform(model: LedgerModel, real: RealLedger, at: number): Promise<void> {
    const [sku, locationId] = real.key(this.key).split('@') as [string, string];
    const id = real.nextId('order');
    await real.deliver(
      [{ movementId: id, kind: 'order-placed', sku, locationId, quantity: this.quantity, purchaseOrderId: `PO-${real.runId}`, occurredAt: businessTime(at), source: { system: 'erp', documentId: id.slice(-64) } }],
      this.delivery,
    );
    model.keys[this.key]!.onOrder += this.quantity;
    model.keys[this.key]!.version += 1;
  }
  describe(): string {
    return `order-placed(${this.key}, ${this.quantity})`;
  }
}

/** Key 0 and key 1 trade goods: transfer-out, the shipment the ledger derives, then transfer-in. */
class Transfer extends Step {
  constructor(readonly from: 0 | 1, readonly quantity: number, delivery: Delivery) {
    super(delivery);
  }
  async perform(model: LedgerModel, real: RealLedger, at: number): Promise<void> {
    const to = 1 - this.from;
    const [sku, fromLocation] = real.key(this.from).split('@') as [string, string];
    const toLocation = real.key(to).split('@')[1]!;
    const transferId = real.nextId('transfer').slice(-64);
    const out: InventoryMovementV1 = {
      movementId: real.nextId('transfer-out'),
      kind: 'transfer-out',
      sku,
      locationId: fromLocation,
      quantity: this.quantity,
      transferId,
      toLocationId: toLocation,
      occurredAt: businessTime(at),
      source: { system: 'wms', documentId: transferId },
    };
    await real.deliver([out], this.delivery);
    model.changeOnHand(this.from, -this.quantity, at);
    // The shipment reaches the destination through the outbox and the movements topic.
    const [shipped] = await real.dataSource.query(`SELECT payload->'payload' AS movement FROM ${LEDGER_SCHEMA}.outbox WHERE event_id = $1`, [`movement:${out.movementId}:shipped`]);
    await real.deliver([shipped.movement as InventoryMovementV1], this.delivery);
    model.keys[to]!.inTransit += this.quantity;
    model.keys[to]!.version += 1;
    const arrival: InventoryMovementV1 = {
      movementId: real.nextId('transfer-in'),
      kind: 'transfer-in',
      sku,
      locationId: toLocation,
      quantity: this.quantity,
      transferId,
      fromLocationId: fromLocation,
      occurredAt: businessTime(at + 1),
      source: { system: 'wms', documentId: transferId },
    };
    await real.deliver([arrival], this.delivery);
    model.keys[to]!.inTransit -= this.quantity;
    model.changeOnHand(to, this.quantity, at + 1);
  }
  describe(): string {
    return `transfer(${this.from} -> ${1 - this.from}, ${this.quantity})`;
  }
}

class PhysicalCount extends Step {
  constructor(readonly key: number, readonly counted: number, delivery: Delivery) {
    super(delivery);
  }
  async perform(model: LedgerModel, real: RealLedger, at: number): Promise<void> {
    await real.deliver([count(real.nextId('count'), real.key(this.key), this.counted, at)], this.delivery);
    model.count(this.key, this.counted, at);
  }
  describe(): string {
    return `count(${this.key}, ${this.counted})`;
  }
}

/** An old movement arrives again (a producer retry, a replay): nothing may change. */
class Redelivery extends Step {
  constructor(readonly pick: number, delivery: Delivery) {
    super(delivery);
  }
  async perform(_model: LedgerModel, real: RealLedger): Promise<void> {
    if (real.delivered.length === 0) return;
    const again = real.delivered[this.pick % real.delivered.length]!;
    const result = await real.writer.applyBatch([{ movement: again }]);
    expect(result.applied).toBe(0);
  }
  describe(): string {
    return `redeliver(#${this.pick})`;
  }
}

/** The folder moves a few delta rows into the running totals: the totals must not move. */
class Fold implements LedgerCommand {
  constructor(readonly rows: number) {}
  check(): boolean {
    return true;
  }
  async run(model: LedgerModel, real: RealLedger): Promise<void> {
    exercised.folds += 1;
    await real.valuation.foldDeltas(real.dataSource.manager, this.rows);
    expect(await real.valuationByLocation()).toEqual(model.valuationByLocation());
  }
  toString(): string {
    return `fold(${this.rows})`;
  }
}

const deliveryArbitrary = fc.constantFrom<Delivery>('once', 'twice-in-batch', 'crash-before-commit', 'crash-after-commit');
const keyArbitrary = fc.integer({ min: 0, max: KEY_SUFFIXES.length - 1 });
const quantityArbitrary = fc.integer({ min: 1, max: 40 });
const commandArbitraries = [
  fc.tuple(keyArbitrary, quantityArbitrary, fc.constantFrom('1.2500', '3.0000', '0.3333'), fc.boolean(), deliveryArbitrary).map((args) => new Receipt(...args)),
  fc.tuple(fc.constantFrom<'sale' | 'return'>('sale', 'sale', 'return'), keyArbitrary, quantityArbitrary, fc.boolean(), deliveryArbitrary).map((args) => new TillLine(...args)),
  fc.tuple(keyArbitrary, fc.integer({ min: -15, max: 15 }).filter((quantity) => quantity !== 0), deliveryArbitrary).map((args) => new Adjustment(...args)),
  fc.tuple(keyArbitrary, quantityArbitrary, deliveryArbitrary).map((args) => new OrderPlaced(...args)),
  fc.tuple(fc.constantFrom<0 | 1>(0, 1), quantityArbitrary, deliveryArbitrary).map((args) => new Transfer(...args)),
  fc.tuple(keyArbitrary, fc.integer({ min: 0, max: 80 }), deliveryArbitrary).map((args) => new PhysicalCount(...args)),
  fc.tuple(fc.nat(), deliveryArbitrary).map((args) => new Redelivery(...args)),
  fc.integer({ min: 1, max: 5 }).map((rows) => new Fold(rows)),
];

describe('model-based: the real LedgerWriter against a reference model', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let writer: LedgerWriter;

  beforeAll(async () => {
    database = await createTestDatabase('chaos-ledger-model');
    const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '4' });
    dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
    writer = new LedgerWriter(dataSource, config.DATABASE_SCHEMA);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('keeps every balance equal to the model through duplicates and crashes', async () => {
    console.log(`[ledger-model] seed=${SEED}${PATH ? ` path=${PATH}` : ''} numRuns=${NUM_RUNS} (LEDGER_MODEL_SEED / LEDGER_MODEL_PATH to replay)`);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbitraries, { maxCommands: 40, size: 'medium' }), async (commands) => {
        runs += 1;
        const real = new RealLedger(writer, dataSource, `M${runs}`);
        await real.start();
        await fc.asyncModelRun(() => ({ model: new LedgerModel(), real }), commands);
      }),
      { seed: SEED, path: PATH, numRuns: NUM_RUNS },
    );
    const invariants = await checkLedgerInvariants({ query: (sql, params) => dataSource.query(sql, params).then((rows: never[]) => ({ rows })) }, LEDGER_SCHEMA);
    const deliveries = [...exercised.deliveries].map(([delivery, times]) => `${delivery} ${times}`).join(', ');
    console.log(`[ledger-model] ${runs} runs, ${exercised.steps} steps (${deliveries}), ${exercised.folds} folds, ${invariants.movements} ledger movements, ${invariants.balances} balances; invariant violations: ${invariants.violations.length}`);
    expect(invariants.violations).toEqual([]);
  });
});
