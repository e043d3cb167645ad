// Set-based SQL for the ledger's hot path: one statement per step of a batch, never one per row.
// A batch reads what it needs in one statement (batchFacts: its balances, the movement ids already
// applied, its SKUs' settings, its counts' book quantities, numbers for its rows, its FIFO keys'
// layers, the closed-through day) and writes in one more (writeBatch: the balances, each only if
// still the version read, its movements, its outbox rows, its valuation deltas and the layers it
// consumed or opened, only if the closed-through day is still the one read). Keys travel
// as arrays (unnest). Movements, the widest and most numerous rows, go in with COPY when a batch
// is large (measured about 40 % cheaper than INSERT ... SELECT FROM a JSON document, which
// PostgreSQL parses whole first) and inside the write statement when it is small; balances and
// outbox rows travel as one JSON document read with jsonb_to_recordset (about three times faster
// than one array per column).
import { purchaseOrderReceiptsPart, type PurchaseOrderReceiptRow } from './purchase-order-sql';
import { landedCostReceiptsPart, type LandedCostReceiptRow } from './landed-cost-sql';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import type { AdjustmentDelta, BalanceKey, LandedCostDelta, StockBalance, ValuationDelta, ValuationMethod } from '@ledgerline/inventory-domain';
import { contentFingerprint } from '@ledgerline/contracts';
import { formatMoney, parseMoney } from '@ledgerline/money';
import { sqlStateOf } from '@ledgerline/runtime';
import { APPLIED_BATCH_RECORD, transferOf, type OutboxRow, type RecordedMovement } from '../ledger/ledger-events';
import { availabilityAlertsToOutbox, movementAvailabilitySteps, reservationEventsToOutbox, walkedAvailabilitySteps } from './availability-outbox-sql';
import { adjustmentDeltaDocument, landedCostDeltaDocument, valuationDeltaDocument } from './valuation-deltas';
import { earlyArrivalWriteParts, type EarlyArrivalWrite } from './early-arrival-writes-sql';
import { closedThroughForWrite, keysOfItems, outboxDerivedMovements } from './valuation-method-sql';
import { addStoredLayer, isValuationMethod, layerFactsBranch, layerOf, layerWriteParts, noStoredLayers, sortStoredLayers, type LayerWrites, type StoredKeyLayers } from './fifo-layer-sql';

export interface BalanceRow {
  sku: string;
  location_id: string;
  on_hand: string;
  in_transit: string;
  on_order: string;
  inventory_value: string;
  in_transit_value: string;
  average_unit_cost: string;
  version: string;
  last_count_at: Date | null;
  last_movement_at: Date | null;
  /** The low-stock threshold the balance's state (negative, out of stock, low) is counted under. */
  counted_threshold: number | null;
  valuation_method: string;
}

export interface BalanceWrite {
  balance: StockBalance;
  lastMovementId: string;
  /** The version the batch read and applied its movements to; null for a key it found no balance for. */
  readVersion: number | null;
  /** On hand of the balance read (at readVersion): its availability before the batch, with reserved as the write finds it. */
  readOnHand: number | null;
  /** The threshold the balance's state is counted under after the batch: its item's threshold now. */
  countedThreshold: number | null;
  /** The one it was counted under when read: written only if it is still that (a threshold change re-counts it). */
  readCountedThreshold: number | null;
  /**
   * The key's walk of availability through the batch, in movement order (availabilitySteps of the
   * writer); without it the batch is one step, its last movement. Needed for the reserved figures
   * of a batch whose movements take from reservations.
   */
  availabilitySteps?: AvailabilityStep[];
  /** How the key is valued after the batch (moving average unless said); a key is created only under its item's method as the write finds it. */
  valuationMethod?: ValuationMethod;
  /** Units the batch brought onto the key's shelf (every positive change of on hand), added to its count (landed-cost-sql.ts); none unless said. */
  unitsArrived?: number;
}

/**
 * A movement that may move a key's availability: [movement id, on hand after it, the reservation
 * it takes from or null, its quantity or null]. A tuple, as the steps of a backlog's batch are many.
 */
export type AvailabilityStep = [movementId: string, onHandAfter: number, reservationId: string | null, quantity: number | null];

/** Another transaction changed or created balances this batch read: apply the batch again. */
export class BalanceWriteConflict extends Error {
  constructor(readonly balances: number) {
    super(`${balances} balance(s) changed by another transaction since the batch read them`);
    this.name = 'BalanceWriteConflict';
  }
}

export interface MovementRow {
  /** Taken in the same transaction (batchFacts, allocateMovementSeqs). */
  movementSeq: number;
  movementId: string;
  kind: string;
  sku: string;
  locationId: string;
  quantityDelta: number;
  inTransitDelta: number;
  onOrderDelta: number;
  valueDelta: bigint;
  inTransitValueDelta: bigint;
  costOfGoodsSold: bigint;
  balanceAfter: StockBalance;
  /** Business time in UTC ISO form, written once for the row and its events. */
  occurredAt: string;
  /**
   * The latest business time among the key's movements up to and including this one (the
   * balance's lastMovementAt after it), UTC ISO. Never decreases along a key's versions, so a
   * walk down the versions may stop at the first row at or before a time: no movement below it is
   * dated after that time (stock as of a time, a count's book quantity).
   */
  lastMovementAtAfter: string;
  /**
   * The day its figures were booked on (YYYY-MM-DD) where that is not its business day: dated in a
   * closed period, it is booked on the first open day (postingDayOf in the domain). Null otherwise.
   */
  postingDay: string | null;
  /** ISO time of the applying transaction: the events' appliedAt. */
  recordedAt: string;
  causedByMovementId: string | null;
  causeEventId: string | null;
  correlationId: string | null;
  payload: unknown;
}

export interface ItemSetting {
  lowStockThreshold: number | null;
  active: boolean;
  /** The method a new key of the item starts with. */
  valuationMethod: ValuationMethod;
}

export interface BatchFacts {
  /** The balances of the keys asked for, as last committed; a key without one is absent. */
  balances: Map<string, StockBalance>;
  /**
   * Each movement id asked for that the ledger holds, with the fingerprint of the body applied
   * (movementFingerprint): taken from its movement row, kept with the id (applied before ids
   * pointed at their rows) or kept when its month was archived; null when applied before
   * fingerprints were kept.
   */
  alreadyApplied: Map<string, string | null>;
  items: Map<string, ItemSetting>;
  /** Ascending. */
  movementSeqs: number[];
  /** Per count movement id asked for: on hand from the committed movements of its key dated at or before the count. */
  countBaselines: Map<string, number>;
  /** Per key (sku@location) with a balance: the low-stock threshold its state is counted under. */
  countedThresholds: Map<string, number | null>;
  /** Per key (sku@location) with a balance valued first in, first out: its open layers, oldest first. */
  fifoLayers: Map<string, StoredKeyLayers>;
  /** The day the books are closed through (YYYY-MM-DD), null when never closed: the batch books on open days only. */
  closedThrough: string | null;
}

/** Balances locked for a batch applied again, the thresholds their states are counted under and the keys valued first in, first out. */
export interface LockedBalances {
  balances: Map<string, StockBalance>;
  countedThresholds: Map<string, number | null>;
  fifoKeys: BalanceKey[];
}

/** A count movement whose book quantity (on hand as of its time) the batch needs. */
export interface CountToCompare {
  movementId: string;
  sku: string;
  locationId: string;
  /** The count's business time, epoch milliseconds. */
  at: number;
}

/** A row of batchFacts: a balance's columns, or an applied movement id, an item setting, the numbers, a count's baseline or a layer (layerFactsBranch). */
interface BatchFactRow extends Omit<BalanceRow, 'sku' | 'counted_threshold' | 'valuation_method'> {
  fact: 'balance' | 'applied' | 'item' | 'seq' | 'baseline' | 'layer' | 'period';
  name: string | null;
  /** An item's threshold; for a balance, the one its state is counted under. */
  low_stock_threshold: number | null;
  active: boolean | null;
  /** The text of a fact: the numbers taken, a count's baseline, an applied movement's fingerprint where one was kept. */
  seq: string | null;
  /**
   * Where an applied movement's row is: its recorded time as the server writes it (its month),
   * with its movement_seq in `version`.
   */
  recorded_at: string | null;
  /** A balance's or an item's valuation method. */
  method: string | null;
}

export interface BatchWrite {
  /**
   * The closed-through day the batch was planned with (its per-day figures and posting days): the
   * statement writes only if it is still the day (require_closed_through, migration 1769900000000),
   * else fails with ClosedThroughChanged and the batch is planned again.
   */
  closedThrough: string | null;
  balances: BalanceWrite[];
  /** Written by the statement; empty when the caller appends them with copyMovements (COPY_FROM_ROWS or more). */
  movements: MovementRow[];
  outbox: OutboxRow[];
  /** Per location and business day, folded into the valuation totals later (ValuationFolder). */
  valuationDeltas: ValuationDelta[];
  /** Per location, business day and reason, added to location_daily_adjustment (the shrinkage report). */
  adjustmentDeltas?: AdjustmentDelta[];
  /** Only for a batch that holds a landed cost: per location, business day and cost type, added to location_daily_landed_cost. */
  landedCostDeltas?: LandedCostDelta[];
  /** The batch's new receipts naming a purchase order, added to its index (purchase-order-sql.ts). */
  purchaseOrderReceipts?: PurchaseOrderReceiptRow[];
  /** The batch's new receipts, kept for the landed costs that may name them (landed-cost-sql.ts). */
  landedCostReceipts?: LandedCostReceiptRow[];
  /** New sales and shipments naming a reservation, one per reservation (quantities summed). */
  reservationConsumptions?: ReservationConsumption[];
  /** A history loaded in bulk: what the statement derives for subscribers is written as published, not sent. */
  eventsWithheld?: boolean;
  /** Only for keys with open early arrivals, before or after the batch: how the batch changes them. */
  earlyArrivals?: EarlyArrivalWrite[];
  /** Only for a batch whose FIFO keys consumed or opened layers: the layer rows it deletes and writes. */
  layers?: LayerWrites;
}

/** Units a batch's movements take from one reservation (docs/reservations.md). */
export interface ReservationConsumption {
  reservationId: string;
  sku: string;
  locationId: string;
  quantity: number;
  /** The first of the batch's movements naming it, recorded on the reservation's event. */
  movementId: string;
  /** The key's on hand after that movement, recorded on the event. */
  onHandAfter: number;
}

/** What the batch's movements took from the reservations of the balance `b` (the `consumed` part). */
const TAKEN_FROM_RESERVATIONS = `COALESCE((SELECT sum(c.taken) FROM consumed c WHERE c.sku = b.sku AND c.location_id = b.location_id), 0)`;

/** A balance row's steps in the write statement; without them, one step: its last movement. */
const STEPS_OF_V = `COALESCE(v.steps, jsonb_build_array(jsonb_build_array(v.last_movement_id, v.on_hand)))`;

/**
 * In the updated balance's RETURNING, with reserved held still: the key's steps when its walk
 * crosses zero somewhere, else null. Every step stays on the side of `availableBefore` exactly when
 * the least on hand (from above) or the most (from at or below zero) less reserved does.
 */
function walkIfCrossing(availableBefore: string): string {
  return `CASE WHEN v.least_on_hand IS NOT NULL
                AND NOT ((${availableBefore} > 0 AND v.least_on_hand - b.reserved > 0) OR (${availableBefore} <= 0 AND v.most_on_hand - b.reserved <= 0))
               THEN ${STEPS_OF_V} END`;
}

/** SQLSTATE raised by the write statement when a balance is no longer the version read (migration 1764500000000). */
export const BALANCE_CHANGED_SQLSTATE = 'LL001';

/** SQLSTATE raised by the write statement when the books were closed since the batch read the closed-through day (migration 1769900000000). */
export const CLOSED_THROUGH_CHANGED_SQLSTATE = 'LL003';

/** The books were closed through a later day since the batch read them: plan the batch again. */
export class ClosedThroughChanged extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClosedThroughChanged';
  }
}

export interface CatalogItemRow {
  sku: string;
  description: string;
  lowStockThreshold: number;
  active: boolean;
  updatedAt: string;
  /** Absent: moving average. */
  valuationMethod?: ValuationMethod;
}

/** An item whose valuation method the catalog changed, and when. */
export interface ItemMethodChange {
  sku: string;
  method: ValuationMethod;
  changedAt: string;
  /** Whether the ledger held a setting of the item before (false: the item's first record). */
  known: boolean;
}

/** What upsertItemSettings did: how many items changed, and which changed their valuation method. */
export interface ItemSettingsApplied {
  changed: number;
  methodChanges: ItemMethodChange[];
}

export interface CatalogLocationRow {
  locationId: string;
  name: string;
  kind: string;
  region: string | null;
  active: boolean;
  updatedAt: string;
}

export class LedgerSql {
  constructor(private readonly schema: string) {}

  /**
   * For a batch applied again after a conflict (see batchFacts and writeBatch): locks every balance of the
   * batch in key order (no deadlocks), creating the missing ones, in one round trip: the created
   * rows come back from the INSERT, the existing ones from a SELECT ... FOR UPDATE in the same
   * statement. A key another transaction created after this statement's snapshot is in neither;
   * a second statement locks it (a race, rare).
   */
  async lockBalances(manager: EntityManager, keys: BalanceKey[]): Promise<LockedBalances> {
    const sorted = [...keys].sort((a, b) => (a.sku === b.sku ? compare(a.locationId, b.locationId) : compare(a.sku, b.sku)));
    const rows: BalanceRow[] = await manager.query(
      `WITH created AS (
         INSERT INTO ${this.t('stock_balance')} (sku, location_id) SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT DO NOTHING RETURNING *),
       locked AS (
         SELECT b.* FROM ${this.t('stock_balance')} b
           JOIN unnest($1::text[], $2::text[]) AS k(sku, location_id) USING (sku, location_id)
          ORDER BY b.sku, b.location_id FOR UPDATE OF b)
       SELECT * FROM created UNION ALL SELECT * FROM locked`,
      [sorted.map((key) => key.sku), sorted.map((key) => key.locationId)],
    );
    const locked: LockedBalances = { balances: new Map(), countedThresholds: new Map(), fifoKeys: [] };
    const keep = (row: BalanceRow) => {
      locked.balances.set(`${row.sku}@${row.location_id}`, toBalance(row, row.sku));
      locked.countedThresholds.set(`${row.sku}@${row.location_id}`, row.counted_threshold);
      if (row.valuation_method === 'fifo') locked.fifoKeys.push({ sku: row.sku, locationId: row.location_id });
    };
    rows.forEach(keep);
    const { balances } = locked;
    const unseen = sorted.filter((key) => !balances.has(`${key.sku}@${key.locationId}`));
    if (unseen.length > 0) {
      const late: BalanceRow[] = await manager.query(
        `SELECT b.* FROM ${this.t('stock_balance')} b
           JOIN unnest($1::text[], $2::text[]) AS k(sku, location_id) USING (sku, location_id)
          ORDER BY b.sku, b.location_id FOR UPDATE OF b`,
        [unseen.map((key) => key.sku), unseen.map((key) => key.locationId)],
      );
      late.forEach(keep);
    }
    return locked;
  }

  /**
   * What the batch needs before the domain runs, in one round trip: the balances of `keys` as last
   * committed (not locked: writeBatch checks the version read, so a balance another transaction
   * changed in between is found there, and only that rare batch pays for locks, lockBalances),
   * which of its movement ids the ledger already holds, the catalog facts of its SKUs (a SKU
   * missing from the map is unknown to the catalog), and `seqCount` numbers for the movement rows
   * it will record. Every part reads committed data, so it needs no transaction of its own. The
   * numbers come back as one text rather than a row each: a backlog's batch takes thousands.
   *
   * And the book quantity of each count: its key's balance less the movements dated after the
   * count (movementsDatedAfter), so a count costs the movements recorded since its time, not its
   * key's whole history, and every count of the batch is in this one statement. The balance and
   * those movements come from one snapshot (each batch writes a key's balance and movements
   * atomically), and a balance changed after this read fails the write's version check, so the
   * baseline is never stale when it is used.
   *
   * The statement names the movement table (partitioned by month) only when the batch holds a
   * count: planning a statement that names it costs every month kept, so a batch of sales would
   * pay more with every month of history. For a movement id the ledger already holds, the statement
   * returns the fingerprint kept with it, or where its row is; the bodies to fingerprint are read
   * by a second statement (appliedBodies) only when the batch holds such ids.
   *
   * Each balance, applied id and item is read by its own probe of its key's index (a lateral
   * subquery with LIMIT 1 the planner cannot turn into a join): joined to the lists as a whole,
   * the planner chose to read the whole balance, applied-id and catalog tables into a hash
   * wherever it guessed that cheaper (on tables never analysed it always did), so a batch's first
   * read cost the balances and the ids ever applied rather than the batch's own.
   *
   * And the open layers of the keys valued first in, first out: those of `keys` whose balance
   * says so, from the same snapshot as the balance, and those of `layerKeys` (a batch applied
   * again, whose balances lockBalances read).
   *
   * And the day the books are closed through, read under the shared period lock
   * (closed_through_for_write): inside a transaction (a batch applied again) the lock is held to
   * its commit, so no close can commit in between; otherwise writeBatch checks the day again.
   */
  async batchFacts(
    manager: Pick<EntityManager, 'query'>,
    wanted: { keys: BalanceKey[]; movementIds: string[]; skus: string[]; seqCount: number; counts: CountToCompare[]; layerKeys?: BalanceKey[] },
  ): Promise<BatchFacts> {
    const counting = wanted.counts.length > 0;
    const rows: BatchFactRow[] = await manager.query(
      `WITH keyed AS (SELECT b.* FROM unnest($1::text[], $2::text[]) AS k(sku, location_id)
                        CROSS JOIN LATERAL (SELECT * FROM ${this.t('stock_balance')} b WHERE b.sku = k.sku AND b.location_id = k.location_id LIMIT 1) b)
       SELECT 'balance' AS fact, b.sku AS name, b.location_id, b.on_hand, b.in_transit, b.on_order, b.inventory_value, b.in_transit_value,
              b.average_unit_cost, b.version, b.last_count_at, b.last_movement_at,
              b.counted_threshold AS low_stock_threshold, NULL::boolean AS active, NULL::text AS seq, NULL::text AS recorded_at, b.valuation_method AS method
         FROM keyed b
       UNION ALL
       SELECT 'applied', a.movement_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, a.movement_seq, NULL, NULL, NULL, NULL,
              COALESCE(a.fingerprint, (SELECT f.fingerprint FROM ${this.t('archived_movement_fingerprint')} f WHERE f.movement_id = a.movement_id)),
              a.recorded_at::text, NULL
         FROM (SELECT DISTINCT movement_id FROM unnest($3::text[]) AS q(movement_id)) q
        CROSS JOIN LATERAL (SELECT * FROM ${this.t('applied_movement_id')} a WHERE a.movement_id = q.movement_id LIMIT 1) a
       UNION ALL
       SELECT 'item', i.sku, ${NO_BALANCE}, i.low_stock_threshold, i.active, NULL, NULL, i.valuation_method
         FROM unnest($4::text[]) AS q(sku) CROSS JOIN LATERAL (SELECT * FROM ${this.t('item_setting')} i WHERE i.sku = q.sku LIMIT 1) i
       UNION ALL
       SELECT 'seq', NULL, ${NO_BALANCE}, NULL, NULL, string_agg(nextval('${this.schemaName}.movement_movement_seq_seq')::text, ','), NULL, NULL
         FROM generate_series(1, $5::int) HAVING count(*) > 0
       UNION ALL
       SELECT 'period', NULL, ${NO_BALANCE}, NULL, NULL, to_char(${this.schemaName}.closed_through_for_write(), 'YYYY-MM-DD'), NULL, NULL
       UNION ALL
       ${layerFactsBranch(this.t('stock_layer'), 'keyed', '$6', '$7')}${
         counting
           ? `
       UNION ALL
       SELECT 'baseline', c.movement_id, ${NO_BALANCE}, NULL, NULL,
              (COALESCE((SELECT b.on_hand FROM ${this.t('stock_balance')} b WHERE b.sku = c.sku AND b.location_id = c.location_id), 0)
               - COALESCE((SELECT SUM(m.quantity_delta) FROM ${movementsDatedAfter(this.t('movement'), 'c.sku', 'c.location_id', 'c.at')}), 0))::text, NULL, NULL
         FROM unnest($8::text[], $9::text[], $10::text[], $11::timestamptz[]) AS c(movement_id, sku, location_id, at)`
           : ''
       }`,
      [
        wanted.keys.map((key) => key.sku),
        wanted.keys.map((key) => key.locationId),
        wanted.movementIds,
        wanted.skus,
        wanted.seqCount,
        (wanted.layerKeys ?? []).map((key) => key.sku),
        (wanted.layerKeys ?? []).map((key) => key.locationId),
        ...(counting
          ? [
              wanted.counts.map((count) => count.movementId),
              wanted.counts.map((count) => count.sku),
              wanted.counts.map((count) => count.locationId),
              wanted.counts.map((count) => new Date(count.at).toISOString()),
            ]
          : []),
      ],
    );
    const unfingerprinted = rows.filter((row) => row.fact === 'applied' && row.seq === null && row.version !== null && row.recorded_at !== null);
    const bodies = unfingerprinted.length === 0 ? new Map<string, string>() : await this.appliedBodies(manager, unfingerprinted);
    const facts: BatchFacts = {
      balances: new Map(),
      alreadyApplied: new Map(),
      items: new Map(),
      movementSeqs: [],
      countBaselines: new Map(),
      countedThresholds: new Map(),
      fifoLayers: new Map(),
      closedThrough: null,
    };
    const layersOf = (key: string) => {
      let stored = facts.fifoLayers.get(key);
      if (stored === undefined) facts.fifoLayers.set(key, (stored = noStoredLayers()));
      return stored;
    };
    for (const row of rows) {
      if (row.fact === 'balance' && row.name !== null) {
        facts.balances.set(`${row.name}@${row.location_id}`, toBalance(row, row.name));
        facts.countedThresholds.set(`${row.name}@${row.location_id}`, row.low_stock_threshold);
        if (row.method === 'fifo') layersOf(`${row.name}@${row.location_id}`);
      } else if (row.fact === 'applied' && row.name !== null) facts.alreadyApplied.set(row.name, row.seq ?? appliedBodyFingerprint(bodies.get(row.name) ?? null));
      else if (row.fact === 'item' && row.name !== null) facts.items.set(row.name, { lowStockThreshold: row.low_stock_threshold, active: row.active ?? true, valuationMethod: methodOf(row.method) });
      else if (row.fact === 'seq' && row.seq !== null) facts.movementSeqs = row.seq.split(',').map(Number);
      else if (row.fact === 'baseline' && row.name !== null && row.seq !== null) facts.countBaselines.set(row.name, Number(row.seq));
      else if (row.fact === 'period') facts.closedThrough = row.seq;
      else if (row.fact === 'layer' && row.name !== null) {
        addStoredLayer(layersOf(`${row.name}@${row.location_id}`), row.seq, Number(row.in_transit), layerOf(row.on_hand, row.inventory_value, row.last_movement_at));
      }
    }
    for (const key of wanted.layerKeys ?? []) layersOf(`${key.sku}@${key.locationId}`);
    facts.fifoLayers.forEach(sortStoredLayers);
    facts.movementSeqs.sort((a, b) => a - b);
    return facts;
  }

  /**
   * The recorded bodies of applied movements, by their rows' primary keys. Their recorded times
   * go as values, so the server plans the read over their months alone (a list of months known
   * only while the statement runs makes it plan every month kept); movement_seq is unique, so the
   * two lists select exactly those rows. A movement whose month was archived is absent.
   */
  private async appliedBodies(manager: Pick<EntityManager, 'query'>, applied: BatchFactRow[]): Promise<Map<string, string>> {
    const rows: Array<{ movement_id: string; payload: string }> = await manager.query(
      `SELECT m.movement_id, m.payload::text AS payload FROM ${this.t('movement')} m
        WHERE m.movement_seq = ANY($1::bigint[]) AND m.recorded_at = ANY($2::timestamptz[])`,
      [applied.map((row) => row.version), [...new Set(applied.map((row) => row.recorded_at))]],
    );
    return new Map(rows.map((row) => [row.movement_id, row.payload]));
  }

  /**
   * Upserts catalog items, keeping the newest by the catalog's own updatedAt: a compacted topic
   * replayed from the start, or an older version delivered late, never overwrites a newer one.
   * Run it in a transaction: the balances of an item whose threshold changed are re-counted under
   * the new one in the same (recountStockStates).
   */
  async upsertItemSettings(manager: EntityManager, items: CatalogItemRow[]): Promise<ItemSettingsApplied> {
    if (items.length === 0) return { changed: 0, methodChanges: [] };
    const rows = newestOf(items, (item) => item.sku);
    const stored: Array<{ sku: string; low_stock_threshold: number | null; valuation_method: string }> = await manager.query(
      `SELECT sku, low_stock_threshold, valuation_method FROM ${this.t('item_setting')} WHERE sku = ANY($1::text[])`,
      [rows.map((row) => row.sku)],
    );
    const thresholds = new Map(stored.map((row) => [row.sku, row.low_stock_threshold]));
    const thresholdChanges = rows.some((row) => !thresholds.has(row.sku) || thresholds.get(row.sku) !== row.lowStockThreshold);
    // An item the ledger did not know had its keys valued at moving average.
    const methods = new Map(stored.map((row) => [row.sku, row.valuation_method]));
    const methodChanged = new Set(rows.filter((row) => (methods.get(row.sku) ?? 'moving-average') !== (row.valuationMethod ?? 'moving-average')).map((row) => row.sku));
    // Only when a threshold changes (a description edit, a replay of the compacted topic holds no
    // writer back): until this transaction ends no batch writes a balance, and it starts once the
    // batches writing now have committed, so the re-count sees every balance, and a batch that read
    // the thresholds before finds them changed at its write (the checks of writeBatch).
    // Likewise for a method change: every key of the item the change is derived for is committed,
    // and a batch creating a key under the method before finds it changed at its write.
    if (thresholdChanges || methodChanged.size > 0) await manager.query(`LOCK TABLE ${this.t('stock_balance')} IN SHARE ROW EXCLUSIVE MODE`);
    const result: unknown[] = await manager.query(
      `INSERT INTO ${this.t('item_setting')} AS s (sku, description, low_stock_threshold, active, source_updated_at, updated_at, valuation_method)
       SELECT sku, description, threshold, active, source_updated_at, now(), method
         FROM unnest($1::text[], $2::text[], $3::int[], $4::boolean[], $5::timestamptz[], $6::text[])
           AS i(sku, description, threshold, active, source_updated_at, method)
       ON CONFLICT (sku) DO UPDATE SET
         description = excluded.description, low_stock_threshold = excluded.low_stock_threshold,
         active = excluded.active, source_updated_at = excluded.source_updated_at, updated_at = now(),
         valuation_method = excluded.valuation_method
       WHERE s.source_updated_at IS NULL OR s.source_updated_at <= excluded.source_updated_at
       RETURNING sku`,
      [
        rows.map((row) => row.sku),
        rows.map((row) => row.description),
        rows.map((row) => row.lowStockThreshold),
        rows.map((row) => row.active),
        rows.map((row) => row.updatedAt),
        rows.map((row) => row.valuationMethod ?? 'moving-average'),
      ],
    );
    const applied = (result as Array<{ sku: string }>).map((row) => row.sku);
    if (thresholdChanges && result.length > 0) await this.recountStockStates(manager, applied);
    const methodChanges = rows
      .filter((row) => methodChanged.has(row.sku) && applied.includes(row.sku))
      .map((row) => ({ sku: row.sku, method: row.valuationMethod ?? 'moving-average', changedAt: row.updatedAt, known: methods.has(row.sku) }));
    return { changed: result.length, methodChanges };
  }

  /** The keys with a balance of `skus`: for the method changes of upsertItemSettings, in its transaction. */
  async keysOfItems(manager: Pick<EntityManager, 'query'>, skus: readonly string[]): Promise<BalanceKey[]> {
    return keysOfItems(manager, this.t('stock_balance'), skus);
  }

  /** The closed-through day, for a method change: run it in the catalog's transaction, which then holds the shared period lock. */
  async closedThroughForWrite(manager: Pick<EntityManager, 'query'>): Promise<string | null> {
    return closedThroughForWrite(manager, this.schemaName);
  }

  /** Adds derived movements (method changes) to the outbox. */
  async outboxDerivedMovements(manager: Pick<EntityManager, 'query'>, rows: readonly OutboxRow[]): Promise<void> {
    return outboxDerivedMovements(manager, this.t('outbox'), rows);
  }

  /** Upserts catalog locations, keeping the newest by the catalog's own updatedAt, as upsertItemSettings does items. */
  async upsertLocationSettings(manager: Pick<EntityManager, 'query'>, locations: CatalogLocationRow[]): Promise<number> {
    if (locations.length === 0) return 0;
    const rows = newestOf(locations, (location) => location.locationId).sort((a, b) => compare(a.locationId, b.locationId));
    const result: unknown[] = await manager.query(
      `INSERT INTO ${this.t('location_setting')} AS s (location_id, name, kind, region, active, source_updated_at, updated_at)
       SELECT location_id, name, kind, region, active, source_updated_at, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[])
           AS l(location_id, name, kind, region, active, source_updated_at)
       ON CONFLICT (location_id) DO UPDATE SET
         name = excluded.name, kind = excluded.kind, region = excluded.region, active = excluded.active,
         source_updated_at = excluded.source_updated_at, updated_at = now()
       WHERE s.source_updated_at <= excluded.source_updated_at
       RETURNING location_id`,
      [
        rows.map((row) => row.locationId),
        rows.map((row) => row.name),
        rows.map((row) => row.kind),
        rows.map((row) => row.region),
        rows.map((row) => row.active),
        rows.map((row) => row.updatedAt),
      ],
    );
    return result.length;
  }

  /**
   * Takes each balance of `skus` not counted under its item's threshold now to the state under it,
   * with the change of each location's low count as a valuation delta, while upsertItemSettings
   * holds the balances still: a batch that read a threshold before finds, at its write, that a
   * balance it read is no longer counted under it, or that the item's threshold is not the one it
   * would create a balance under (writeBatch), and applies again under the new one.
   */
  private async recountStockStates(manager: Pick<EntityManager, 'query'>, skus: string[]): Promise<void> {
    const low = (threshold: string) => `CASE WHEN on_hand > 0 AND on_hand <= ${threshold} THEN 1 ELSE 0 END`;
    await manager.query(
      `WITH stale AS (
         SELECT b.sku, b.location_id, b.on_hand, b.counted_threshold, i.low_stock_threshold AS threshold
           FROM ${this.t('stock_balance')} b JOIN ${this.t('item_setting')} i ON i.sku = b.sku
          WHERE b.sku = ANY($1::text[]) AND b.version > 0 AND b.counted_threshold IS DISTINCT FROM i.low_stock_threshold
          ORDER BY b.sku, b.location_id FOR UPDATE OF b),
       recounted AS (
         UPDATE ${this.t('stock_balance')} b SET counted_threshold = s.threshold FROM stale s WHERE b.sku = s.sku AND b.location_id = s.location_id)
       INSERT INTO ${this.t('valuation_delta')} (location_id, day, on_hand, inventory_value, in_transit_value, cost_of_goods_sold, balances, negative, stockout, low)
       SELECT location_id, (now() AT TIME ZONE 'UTC')::date, 0, 0, 0, 0, 0, 0, 0, SUM(${low('threshold')} - ${low('counted_threshold')})
         FROM stale GROUP BY location_id HAVING SUM(${low('threshold')} - ${low('counted_threshold')}) <> 0 ORDER BY location_id`,
      [skus],
    );
  }

  /**
   * Numbers for `count` more movement rows than batchFacts allocated (derived movements). The
   * applied-batch outbox row names them, so the relay finds the batch's movements by primary key.
   */
  async allocateMovementSeqs(manager: EntityManager, count: number): Promise<number[]> {
    if (count <= 0) return [];
    const rows: Array<{ seq: string }> = await manager.query(
      `SELECT nextval('${this.schemaName}.movement_movement_seq_seq')::text AS seq FROM generate_series(1, $1::int)`,
      [count],
    );
    return rows.map((row) => Number(row.seq)).sort((a, b) => a - b);
  }

  /**
   * Appends a large batch's movements with COPY, in the caller's transaction, after writeBatch
   * wrote its balances, and their ids to applied_movement_id (what batchFacts reads). COPY costs an extra round trip and waits for the client to stream the
   * rows, which under live traffic (batches of a few movements) costs more than it saves: below
   * COPY_FROM_ROWS the movements go inside the write statement instead.
   */
  async copyMovements(manager: EntityManager, rows: MovementRow[]): Promise<void> {
    if (rows.length === 0) return;
    const data = copyData(rows);
    const client = (await manager.queryRunner!.connect()) as PoolClient;
    const copy = client.query(copyFrom(`COPY ${this.t('movement')} (${MOVEMENT_COLUMNS}) FROM STDIN`));
    await pipeline(Readable.from(data), copy);
    // The ids by COPY too: an INSERT from unnested arrays has the server parse each array and run
    // the executor for every row, where COPY appends the rows as they come.
    const ids = client.query(copyFrom(`COPY ${this.t('applied_movement_id')} (movement_id, movement_seq, recorded_at) FROM STDIN`));
    await pipeline(Readable.from([appliedIdCopyText(rows)]), ids);
  }

  /**
   * The movements with these movement_seq ranges, in recorded order, as their events state them.
   * The numbers go as one list: a join on BETWEEN gave the planner no row estimate, and under
   * live traffic it chose parallel plans whose worker start-up cost 40-300 ms a call. With the
   * times the batches were recorded (`recordedAt`, every one of them known), the server plans the
   * read over their months alone; without, over every month kept.
   */
  async recordedMovements(
    manager: Pick<EntityManager, 'query'>,
    ranges: ReadonlyArray<readonly [number, number]>,
    recordedAt?: readonly string[],
  ): Promise<RecordedMovement[]> {
    const rows: RecordedMovementRow[] = await manager.query(
      `SELECT m.movement_seq, m.movement_id, m.kind, m.sku, m.location_id, m.quantity_delta, m.cost_of_goods_sold::text AS cost_of_goods_sold,
              m.balance_version, m.on_hand_after, m.in_transit_after, m.on_order_after, m.inventory_value_after::text AS inventory_value_after,
              m.average_unit_cost_after::text AS average_unit_cost_after, m.occurred_at, m.recorded_at, m.cause_event_id, m.correlation_id,
              CASE WHEN m.kind IN ('transfer-out', 'transfer-shipped', 'transfer-in') THEN m.payload::text END AS transfer_payload
         FROM ${this.t('movement')} m WHERE m.movement_seq = ANY($1::bigint[])${recordedAt === undefined ? '' : ' AND m.recorded_at = ANY($2::timestamptz[])'}
        ORDER BY m.movement_seq`,
      [
        ranges.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, offset) => first + offset)),
        ...(recordedAt === undefined ? [] : [[...new Set(recordedAt)]]),
      ],
    );
    return rows.map((row) => ({
      movementSeq: Number(row.movement_seq),
      movementId: row.movement_id,
      kind: row.kind,
      sku: row.sku,
      locationId: row.location_id,
      quantityDelta: Number(row.quantity_delta),
      costOfGoodsSold: parseMoney(row.cost_of_goods_sold),
      balanceAfter: {
        onHand: Number(row.on_hand_after),
        inTransit: Number(row.in_transit_after),
        onOrder: Number(row.on_order_after),
        inventoryValue: parseMoney(row.inventory_value_after),
        averageUnitCost: parseMoney(row.average_unit_cost_after),
        version: Number(row.balance_version),
      },
      occurredAt: row.occurred_at.toISOString(),
      appliedAt: row.recorded_at.toISOString(),
      cause: row.cause_event_id === null || row.correlation_id === null ? undefined : { eventId: row.cause_event_id, correlationId: row.correlation_id },
      reserved: undefined,
      // Only a transfer's payload is read: the other kinds' events name no transfer.
      transfer: row.transfer_payload === null ? undefined : transferOf(row.kind, JSON.parse(row.transfer_payload)),
    }));
  }

  /**
   * A sale or shipment naming an open reservation of its key takes what it still holds, up to
   * the movement's quantity; the balance's reserved falls by the same in the balance's own
   * update (a row is updated once per statement). Each reservation is taken only if it is still
   * as read here, so a release or fulfilment committed meanwhile wins and this movement then
   * takes nothing from it (it reduces availability as any sale does, never twice).
   */
  private consumptionParts(consumptions: readonly ReservationConsumption[], parameter: (value: unknown) => string): string[] {
    const document = JSON.stringify(
      consumptions.map((c) => ({ reservation_id: c.reservationId, sku: c.sku, location_id: c.locationId, quantity: c.quantity, movement_id: c.movementId, on_hand_after: c.onHandAfter })),
    );
    return [
      `wanted AS (
         SELECT r.reservation_id, r.sku, r.location_id, r.fulfilled_quantity AS read_fulfilled, c.movement_id, c.on_hand_after, c.n,
                LEAST(c.quantity, r.quantity - r.fulfilled_quantity) AS taken
           FROM ROWS FROM (jsonb_to_recordset(${parameter(document)}::jsonb)
                  AS (reservation_id text, sku text, location_id text, quantity bigint, movement_id text, on_hand_after bigint)) WITH ORDINALITY
                AS c(reservation_id, sku, location_id, quantity, movement_id, on_hand_after, n)
           JOIN ${this.t('reservation')} r ON r.reservation_id = c.reservation_id AND r.sku = c.sku AND r.location_id = c.location_id
          WHERE r.status = 'open')`,
      `consumed AS (
         UPDATE ${this.t('reservation')} r SET fulfilled_quantity = r.fulfilled_quantity + w.taken,
                status = CASE WHEN r.fulfilled_quantity + w.taken >= r.quantity THEN 'fulfilled' ELSE 'open' END, updated_at = now()
           FROM wanted w
          WHERE r.reservation_id = w.reservation_id AND r.status = 'open' AND r.fulfilled_quantity = w.read_fulfilled
         RETURNING r.reservation_id, r.sku, r.location_id, w.taken, w.movement_id, w.on_hand_after, w.n)`,
      // What each movement took: movements naming one reservation take from it in batch order, as
      // they would one batch at a time, so the figures after each are the same however they were batched.
      `step_taken AS (
         SELECT s.sku, s.location_id, s.n, s.movement_id,
                LEAST(s.quantity, GREATEST(0, c.taken - COALESCE(sum(s.quantity) OVER (PARTITION BY s.reservation_id ORDER BY s.n
                                                                                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0))) AS taken
           FROM step s JOIN consumed c ON c.reservation_id = s.reservation_id)`,
    ];
  }

  /**
   * Writes a batch in one statement, so outside a transaction it commits or fails whole: each
   * changed balance, provided it is still the version the batch read (an update where it existed,
   * an insert where it did not, `readVersion` null), then the movements given, the outbox rows
   * and the valuation deltas. The balances come first and in key order, so two batches that do
   * share keys mostly take their row locks in the same order and wait rather than deadlock (a
   * deadlock is retried like a conflict), and a batch's movement rows can no longer meet another's for the same key and
   * version. Throws BalanceWriteConflict when another transaction changed or created any of the
   * balances since they were read: nothing of the statement is kept, and the caller applies the
   * batch again.
   *
   * PostgreSQL runs the data-modifying parts of a WITH that the main query does not read after it,
   * to completion: the balances (read by the check) are written first, and a failed check stops the
   * statement before any movement or outbox row is written.
   */
  async writeBatch(manager: Pick<EntityManager, 'query'>, batch: BatchWrite): Promise<void> {
    const parts: string[] = [];
    const parameters: unknown[] = [];
    const parameter = (value: unknown) => `$${parameters.push(value)}`;
    let check = 'SELECT 0 AS written';
    const consuming = (batch.reservationConsumptions?.length ?? 0) > 0;
    const published = batch.eventsWithheld === true ? 'now()' : 'NULL';
    if (batch.balances.length > 0) {
      const availableBefore = `CASE WHEN v.read_version = 0 THEN 1 ELSE v.read_on_hand - b.reserved - ${consuming ? TAKEN_FROM_RESERVATIONS : '0'} END`;
      parts.push(
        `v AS (
           SELECT * FROM jsonb_to_recordset(${parameter(balanceDocument(batch.balances))}::jsonb) AS v(sku text, location_id text, on_hand bigint,
             in_transit bigint, on_order bigint, inventory_value numeric, in_transit_value numeric, average_unit_cost numeric, version bigint,
             last_count_at timestamptz, last_movement_at timestamptz, last_movement_id text, read_version bigint, read_on_hand bigint,
             counted_threshold int, read_counted_threshold int, steps jsonb, least_on_hand bigint, most_on_hand bigint, valuation_method text, units_arrived bigint))`,
        ...(consuming
          ? [
              `step AS (
                 SELECT v.sku, v.location_id, s.n, s.e->>0 AS movement_id, (s.e->>1)::bigint AS on_hand, s.e->>2 AS reservation_id, (s.e->>3)::bigint AS quantity
                   FROM v CROSS JOIN LATERAL jsonb_array_elements(${STEPS_OF_V}) WITH ORDINALITY AS s(e, n))`,
              ...this.consumptionParts(batch.reservationConsumptions!, parameter),
            ]
          : []),
        `updated AS (
           UPDATE ${this.t('stock_balance')} b SET on_hand = v.on_hand, in_transit = v.in_transit, on_order = v.on_order,
              inventory_value = v.inventory_value, in_transit_value = v.in_transit_value, average_unit_cost = v.average_unit_cost,
              version = v.version, last_count_at = v.last_count_at, last_movement_at = v.last_movement_at,
              last_movement_id = v.last_movement_id, counted_threshold = v.counted_threshold, valuation_method = v.valuation_method,
              units_arrived = b.units_arrived + v.units_arrived, updated_at = now()${consuming ? `, reserved = b.reserved - ${TAKEN_FROM_RESERVATIONS}` : ''}
             FROM v
            WHERE v.read_version IS NOT NULL AND b.sku = v.sku AND b.location_id = v.location_id AND b.version = v.read_version
              AND b.counted_threshold IS NOT DISTINCT FROM v.read_counted_threshold
           RETURNING b.sku, b.location_id, b.reserved, b.on_hand, b.last_movement_id, b.units_arrived,
                     -- A row at version 0 (created by lockBalances for a batch applied again) was no balance:
                     -- like a created one, it counts as available, so a first receipt raises no back-in-stock.
                     ${availableBefore} AS available_before${consuming ? '' : `, ${walkIfCrossing(availableBefore)} AS walk`})`,
        `created AS (
           INSERT INTO ${this.t('stock_balance')} (sku, location_id, on_hand, in_transit, on_order, inventory_value, in_transit_value,
              average_unit_cost, version, last_count_at, last_movement_at, last_movement_id, counted_threshold, valuation_method, units_arrived)
           SELECT v.sku, v.location_id, v.on_hand, v.in_transit, v.on_order, v.inventory_value, v.in_transit_value, v.average_unit_cost,
                  v.version, v.last_count_at, v.last_movement_at, v.last_movement_id, v.counted_threshold, v.valuation_method, v.units_arrived
             FROM v LEFT JOIN ${this.t('item_setting')} i ON i.sku = v.sku
            WHERE v.read_version IS NULL
              -- Created under its item's threshold and valuation method as this statement finds them, or not at all (a conflict).
              AND v.counted_threshold IS NOT DISTINCT FROM i.low_stock_threshold
              AND v.valuation_method = COALESCE(i.valuation_method, 'moving-average')
           ON CONFLICT DO NOTHING
           RETURNING sku, location_id, on_hand, last_movement_id, units_arrived)`,
        // Movement by movement; a key without a balance counts as available (availabilityCrossing).
        // Without reservations taken, reserved holds still through the batch, so a key's walk can
        // cross zero only if its availability before and its least or most on hand lie on either
        // side of it: only such keys are walked. A key created here starts with none reserved.
        `availability_alerts AS (${availabilityAlertsToOutbox(
          this.t('outbox'),
          consuming
            ? movementAvailabilitySteps(
                'step',
                `(SELECT sku, location_id, reserved, available_before FROM updated UNION ALL SELECT sku, location_id, 0, 1 FROM created)`,
                'step_taken',
              )
            : walkedAvailabilitySteps(
                `(SELECT sku, location_id, reserved, available_before, walk FROM updated WHERE walk IS NOT NULL
                  UNION ALL
                  SELECT sku, location_id, 0, 1, ${STEPS_OF_V} FROM v WHERE v.read_version IS NULL AND v.least_on_hand <= 0)`,
              ),
          published,
          'c.sku, c.location_id, c.n',
        )})`,
      );
      if (consuming) {
        // In the batch's order, each with the key's figures after the movement that took: reserved
        // is what the batch left plus what the key's later consumptions took.
        parts.push(
          `consumption_events AS (
             INSERT INTO ${this.t('reservation_event')} (reservation_id, kind, sku, location_id, quantity, reserved_after, on_hand_after, movement_id)
             SELECT c.reservation_id, 'consumed', c.sku, c.location_id, c.taken,
                    u.reserved + COALESCE(sum(c.taken) OVER (PARTITION BY c.sku, c.location_id ORDER BY c.n ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0),
                    c.on_hand_after, c.movement_id
               FROM consumed c JOIN updated u USING (sku, location_id)
              ORDER BY c.n
             RETURNING *)`,
          `consumption_published AS (${reservationEventsToOutbox(this.t('outbox'), 'consumption_events', published)})`,
        );
      }
      check = `SELECT ${this.schemaName}.require_balances_written(((SELECT count(*) FROM updated) + (SELECT count(*) FROM created))::int, ${parameter(batch.balances.length)}::int) AS written`;
    }
    if (batch.layers !== undefined) parts.push(...layerWriteParts(this.t('stock_layer'), batch.layers, parameter));
    if (batch.movements.length > 0) {
      // The payloads travel as their own text, one per line (JSON text never holds a raw line
      // break), so the json column keeps them exactly as COPY does, without escaping each payload
      // into the document of the other columns and unescaping it again.
      parts.push(
        `moved AS (
           INSERT INTO ${this.t('movement')} (${MOVEMENT_COLUMNS})
           SELECT (e->>0)::bigint, e->>1, e->>2, e->>3, e->>4, (e->>5)::bigint, (e->>6)::bigint, (e->>7)::bigint, (e->>8)::numeric,
                  (e->>9)::numeric, (e->>10)::numeric, (e->>11)::bigint, (e->>12)::bigint, (e->>13)::bigint, (e->>14)::bigint,
                  (e->>15)::numeric, (e->>16)::numeric, (e->>17)::timestamptz, (e->>18)::timestamptz, e->>19, e->>20, e->>21,
                  (e->>22)::timestamptz, (e->>23)::date, p.payload::json
             FROM jsonb_array_elements(${parameter(JSON.stringify(batch.movements.map(movementColumns)))}::jsonb) WITH ORDINALITY AS r(e, n)
             JOIN unnest(string_to_array(${parameter(batch.movements.map((row) => JSON.stringify(row.payload)).join('\n'))}::text, E'\\n'))
                  WITH ORDINALITY AS p(payload, n) USING (n))`,
        // Partitioned by recorded time, the movement table cannot hold movement_id unique; this
        // unpartitioned index of every id applied does, in the same statement (migration 1767000000000).
        `applied AS (INSERT INTO ${this.t('applied_movement_id')} (movement_id, movement_seq, recorded_at)
           SELECT * FROM unnest(${appliedIdColumns(batch.movements)
             .map((column, index) => `${parameter(column)}::${APPLIED_ID_COLUMN_TYPES[index]}[]`)
             .join(', ')}))`,
      );
    }
    if (batch.outbox.length > 0) {
      const outbox = batch.outbox.map((row) => ({ event_id: row.eventId, topic: row.topic, message_key: row.key, payload: row.payload, movement_id: row.movementId, withheld: row.withheld === true }));
      // The applied-batch record gets what only this statement knows: the keys' reserved as it
      // leaves them and what each movement took from reservations (AppliedBatchRecord). Only keys
      // holding some are named, so a batch without reservations adds a few bytes, not one entry per key.
      const reservedFigures =
        batch.balances.length === 0
          ? ''
          : ` || jsonb_build_object('reservedAfter', (SELECT COALESCE(jsonb_object_agg(u.sku || '@' || u.location_id, u.reserved) FILTER (WHERE u.reserved <> 0), '{}') FROM updated u),
                                    'takenBy', ${consuming ? `(SELECT COALESCE(jsonb_object_agg(t.movement_id, t.taken), '{}') FROM (SELECT movement_id, sum(taken) AS taken FROM step_taken WHERE taken > 0 GROUP BY movement_id) t)` : `'{}'::jsonb`})`;
      parts.push(
        `outboxed AS (
           INSERT INTO ${this.t('outbox')} (event_id, topic, message_key, payload, movement_id, published_at)
           SELECT event_id, topic, message_key, CASE WHEN topic = '${APPLIED_BATCH_RECORD}' THEN payload${reservedFigures} ELSE payload END,
                  movement_id, CASE WHEN withheld THEN now() END
             FROM jsonb_to_recordset(${parameter(JSON.stringify(outbox))}::jsonb)
                  AS o(event_id text, topic text, message_key text, payload jsonb, movement_id text, withheld boolean)
           ON CONFLICT (event_id) DO NOTHING)`,
      );
    }
    const dailyFigures = (name: string, table: string, columns: DailyFigureColumns, document: string) =>
      `${name} AS (
         INSERT INTO ${this.t(table)} (${columns.map(([column]) => column).join(', ')})
         SELECT ${columns.map(([column]) => column).join(', ')}
           FROM jsonb_to_recordset(${parameter(document)}::jsonb) AS d(${columns.map(([column, type]) => `${column} ${type}`).join(', ')}))`;
    if (batch.valuationDeltas.length > 0) {
      parts.push(dailyFigures('valued', 'valuation_delta', VALUATION_DELTA_COLUMNS, valuationDeltaDocument(batch.valuationDeltas)));
    }
    if ((batch.adjustmentDeltas?.length ?? 0) > 0) {
      parts.push(dailyFigures('adjusted', 'location_daily_adjustment', DAILY_ADJUSTMENT_COLUMNS, adjustmentDeltaDocument(batch.adjustmentDeltas!)));
    }
    if ((batch.landedCostDeltas?.length ?? 0) > 0) {
      parts.push(dailyFigures('landed', 'location_daily_landed_cost', DAILY_LANDED_COST_COLUMNS, landedCostDeltaDocument(batch.landedCostDeltas!)));
    }
    const earlyArrivals = batch.earlyArrivals ?? [];
    if (earlyArrivals.length > 0) parts.push(...earlyArrivalWriteParts(this.schema, earlyArrivals, parameter));
    const ordered = batch.purchaseOrderReceipts ?? [];
    if (ordered.length > 0) parts.push(purchaseOrderReceiptsPart(this.t('purchase_order_receipt'), ordered, parameter));
    const received = batch.landedCostReceipts ?? [];
    if (received.length > 0) {
      const keyCounts = '(SELECT sku, location_id, units_arrived FROM updated UNION ALL SELECT sku, location_id, units_arrived FROM created)';
      parts.push(landedCostReceiptsPart(this.t('landed_cost_receipt'), keyCounts, received, parameter));
    }
    if (parts.length === 0) return;
    // Under the shared period lock, held to the commit: a close either waits for this batch or
    // committed before it, and then the batch finds the day changed and is planned again.
    check += `, ${this.schemaName}.require_closed_through(${parameter(batch.closedThrough)}::date) AS closed_through`;
    try {
      await manager.query(`WITH ${parts.join(',\n')}\n${check}`, parameters);
    } catch (error) {
      const code = sqlStateOf(error);
      if (code === BALANCE_CHANGED_SQLSTATE) throw new BalanceWriteConflict(Number((error as { detail?: string }).detail ?? 0));
      if (code === CLOSED_THROUGH_CHANGED_SQLSTATE) throw new ClosedThroughChanged(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }

  private get schemaName(): string {
    return `"${this.schema}"`;
  }
}

/** Per-day figures a batch adds to (column, SQL type), in the order of their JSON documents (valuation-deltas.ts). */
type DailyFigureColumns = ReadonlyArray<readonly [string, string]>;
const VALUATION_DELTA_COLUMNS: DailyFigureColumns = [
  ['location_id', 'text'], ['day', 'date'], ['on_hand', 'bigint'], ['inventory_value', 'numeric'], ['in_transit_value', 'numeric'],
  ['cost_of_goods_sold', 'numeric'], ['balances', 'int'], ['negative', 'int'], ['stockout', 'int'], ['low', 'int'],
];
const DAILY_ADJUSTMENT_COLUMNS: DailyFigureColumns = [
  ['location_id', 'text'], ['day', 'date'], ['reason_code', 'text'], ['quantity', 'bigint'], ['value', 'numeric'], ['movements', 'int'],
];
const DAILY_LANDED_COST_COLUMNS: DailyFigureColumns = [
  ['location_id', 'text'], ['day', 'date'], ['cost_type', 'text'], ['revalued', 'numeric'], ['variance', 'numeric'], ['movements', 'int'],
];

/**
 * The movements of one key dated after `at`, as a FROM clause: those above the highest version
 * whose lastMovementAtAfter is at or before `at` (no movement at or below it is dated later), the
 * later of them dated after `at`. Both read only the key's unique version index, whose rows
 * carry the business time, that high-water mark and the deltas (migration 1766100000000): found
 * by walking down from the newest version, so the work is the movements recorded since the first
 * one dated after `at`, not the key's history. Rows written before that migration have no mark
 * and are walked past.
 */
export function movementsDatedAfter(movement: string, sku: string, locationId: string, at: string): string {
  return `${movement} m
     WHERE m.sku = ${sku} AND m.location_id = ${locationId} AND m.occurred_at > ${at}
       AND m.balance_version > COALESCE((SELECT s.balance_version FROM ${movement} s
                                          WHERE s.sku = ${sku} AND s.location_id = ${locationId} AND s.last_movement_at_after <= ${at}
                                          ORDER BY s.balance_version DESC LIMIT 1), 0)`;
}

/**
 * The applied_movement_id columns of movement rows: each id with its row's primary key, which
 * is how its body is found again (batchFacts), as the arrays the INSERT unnests.
 */
const APPLIED_ID_COLUMN_TYPES = ['text', 'bigint', 'timestamptz'];

function appliedIdColumns(rows: readonly MovementRow[]): [string[], string[], string[]] {
  return [rows.map((row) => row.movementId), rows.map((row) => String(row.movementSeq)), rows.map((row) => row.recordedAt)];
}

/** The applied_movement_id rows of movement rows in COPY's text format. */
export function appliedIdCopyText(rows: readonly MovementRow[]): string {
  let text = '';
  for (const row of rows) text += `${copyText(row.movementId)}\t${row.movementSeq}\t${row.recordedAt}\n`;
  return text;
}

/** The fingerprint of an applied movement's recorded body; null when its row is gone and none was kept. */
function appliedBodyFingerprint(payload: string | null): string | null {
  return payload === null ? null : contentFingerprint(JSON.parse(payload));
}

/** Batches of at least this many movements are appended with COPY (copyMovements). */
export const COPY_FROM_ROWS = 500;

/** The balance columns of batchFacts, empty in its other rows. */
const NO_BALANCE = Array.from({ length: 10 }, () => 'NULL').join(', ');

const MOVEMENT_COLUMNS = `movement_seq, movement_id, kind, sku, location_id, quantity_delta, in_transit_delta, on_order_delta,
  value_delta, in_transit_value_delta, cost_of_goods_sold, balance_version, on_hand_after, in_transit_after, on_order_after,
  inventory_value_after, average_unit_cost_after, occurred_at, recorded_at, caused_by_movement_id, cause_event_id, correlation_id,
  last_movement_at_after, posting_day, payload`;

/** Every column of a movement row but the payload, as text, in MOVEMENT_COLUMNS order (the INSERT path). */
export function movementColumns(row: MovementRow): Array<string | null> {
  const after = row.balanceAfter;
  return [
    String(row.movementSeq),
    row.movementId,
    row.kind,
    row.sku,
    row.locationId,
    String(row.quantityDelta),
    String(row.inTransitDelta),
    String(row.onOrderDelta),
    formatMoney(row.valueDelta),
    formatMoney(row.inTransitValueDelta),
    formatMoney(row.costOfGoodsSold),
    String(after.version),
    String(after.onHand),
    String(after.inTransit),
    String(after.onOrder),
    formatMoney(after.inventoryValue),
    formatMoney(after.averageUnitCost),
    row.occurredAt,
    row.recordedAt,
    row.causedByMovementId,
    row.causeEventId,
    row.correlationId,
    row.lastMovementAtAfter,
    row.postingDay,
  ];
}

interface RecordedMovementRow {
  movement_seq: string;
  movement_id: string;
  kind: string;
  sku: string;
  location_id: string;
  quantity_delta: string;
  cost_of_goods_sold: string;
  balance_version: string;
  on_hand_after: string;
  in_transit_after: string;
  on_order_after: string;
  inventory_value_after: string;
  average_unit_cost_after: string;
  occurred_at: Date;
  recorded_at: Date;
  cause_event_id: string | null;
  correlation_id: string | null;
  transfer_payload: string | null;
}

/**
 * One movement row in COPY's text format: the columns of movementColumns and the payload, tab
 * separated, \\N for NULL. Written out field by field rather than through an array of columns:
 * the copy is built for every movement of a backlog, and this is about a third cheaper.
 */
export function movementCopyLine(row: MovementRow): string {
  const after = row.balanceAfter;
  return (
    `${row.movementSeq}\t${copyText(row.movementId)}\t${copyText(row.kind)}\t${copyText(row.sku)}\t${copyText(row.locationId)}\t` +
    `${row.quantityDelta}\t${row.inTransitDelta}\t${row.onOrderDelta}\t` +
    `${formatMoney(row.valueDelta)}\t${formatMoney(row.inTransitValueDelta)}\t${formatMoney(row.costOfGoodsSold)}\t` +
    `${after.version}\t${after.onHand}\t${after.inTransit}\t${after.onOrder}\t${formatMoney(after.inventoryValue)}\t${formatMoney(after.averageUnitCost)}\t` +
    `${row.occurredAt}\t${copyText(row.recordedAt)}\t` +
    `${copyText(row.causedByMovementId)}\t${copyText(row.causeEventId)}\t${copyText(row.correlationId)}\t${row.lastMovementAtAfter}\t${copyText(row.postingDay)}\t` +
    `${copyText(JSON.stringify(row.payload))}\n`
  );
}

/** A text value for COPY: backslash, tab and line breaks escaped; null as \\N. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return NEEDS_COPY_ESCAPE.test(value) ? value.replace(COPY_SPECIALS, escapeCopyCharacter) : value;
}

const NEEDS_COPY_ESCAPE = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeCopyCharacter(character: string): string {
  return COPY_ESCAPES[character]!;
}

/** Size of the buffers the COPY text is written into; a line longer than this gets one of its own. */
const COPY_CHUNK_BYTES = 1_048_576;

/**
 * The COPY text of the rows in buffers of about COPY_CHUNK_BYTES, each line written as soon as it
 * is built. Built all at once, a backlog batch's thousands of lines (strings made of many pieces)
 * outlived a young-generation collection or two and were copied by each.
 */
export function copyData(rows: readonly MovementRow[]): Buffer[] {
  const chunks: Buffer[] = [];
  let chunk = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
  let offset = 0;
  for (const row of rows) {
    const line = movementCopyLine(row);
    const bytes = Buffer.byteLength(line);
    if (offset + bytes > chunk.length) {
      if (offset > 0) chunks.push(chunk.subarray(0, offset));
      chunk = Buffer.allocUnsafe(Math.max(COPY_CHUNK_BYTES, bytes));
      offset = 0;
    }
    offset += chunk.write(line, offset);
  }
  if (offset > 0) chunks.push(chunk.subarray(0, offset));
  return chunks;
}

/** The balances to write as one JSON document, in key order (see writeBatch). */
function balanceDocument(balances: readonly BalanceWrite[]): string {
  const rows = balances
    .map(({ balance, lastMovementId, readVersion, readOnHand, countedThreshold, readCountedThreshold, availabilitySteps, valuationMethod, unitsArrived }) => ({
      sku: balance.sku,
      location_id: balance.locationId,
      on_hand: balance.onHand,
      in_transit: balance.inTransit,
      on_order: balance.onOrder,
      inventory_value: formatMoney(balance.inventoryValue),
      in_transit_value: formatMoney(balance.inTransitValue),
      average_unit_cost: formatMoney(balance.averageUnitCost),
      version: balance.version,
      last_count_at: balance.lastCountAt === null ? null : new Date(balance.lastCountAt).toISOString(),
      last_movement_at: balance.lastMovementAt === null ? null : new Date(balance.lastMovementAt).toISOString(),
      last_movement_id: lastMovementId,
      read_version: readVersion,
      read_on_hand: readOnHand,
      counted_threshold: countedThreshold,
      read_counted_threshold: readCountedThreshold,
      steps: availabilitySteps ?? null,
      ...onHandRangeOf(availabilitySteps, balance.onHand),
      valuation_method: valuationMethod ?? 'moving-average',
      units_arrived: unitsArrived ?? 0,
    }))
    .sort((a, b) => (a.sku === b.sku ? compare(a.location_id, b.location_id) : compare(a.sku, b.sku)));
  return JSON.stringify(rows);
}

/**
 * The least and most on hand a key's availability steps reach, for the write statement to walk
 * only keys that may cross zero; a key without steps given is one step at its on hand after the
 * batch, and one whose steps are none changes no availability (null).
 */
function onHandRangeOf(steps: readonly AvailabilityStep[] | undefined, onHand: number): { least_on_hand: number | null; most_on_hand: number | null } {
  if (steps === undefined) return { least_on_hand: onHand, most_on_hand: onHand };
  if (steps.length === 0) return { least_on_hand: null, most_on_hand: null };
  let least = steps[0]![1];
  let most = least;
  for (const [, onHandAfter] of steps) {
    if (onHandAfter < least) least = onHandAfter;
    else if (onHandAfter > most) most = onHandAfter;
  }
  return { least_on_hand: least, most_on_hand: most };
}

function toBalance(row: Omit<BalanceRow, 'sku' | 'counted_threshold' | 'valuation_method'>, sku: string): StockBalance {
  return {
    sku,
    locationId: row.location_id,
    onHand: Number(row.on_hand),
    inTransit: Number(row.in_transit),
    onOrder: Number(row.on_order),
    inventoryValue: parseMoney(row.inventory_value),
    inTransitValue: parseMoney(row.in_transit_value),
    averageUnitCost: parseMoney(row.average_unit_cost),
    version: Number(row.version),
    lastCountAt: row.last_count_at ? row.last_count_at.getTime() : null,
    lastMovementAt: row.last_movement_at ? row.last_movement_at.getTime() : null,
  };
}

/** A method read from the database; the column's check allows no other. */
function methodOf(value: string | null): ValuationMethod {
  if (!isValuationMethod(value)) throw new Error(`the ledger holds an unknown valuation method ${String(value)}`);
  return value;
}

/** The newest version of each catalog record by the catalog's updatedAt (the later one of a tie). */
function newestOf<R extends { updatedAt: string }>(records: readonly R[], keyOf: (record: R) => string): R[] {
  const newest = new Map<string, R>();
  for (const record of records) {
    const seen = newest.get(keyOf(record));
    if (seen === undefined || Date.parse(seen.updatedAt) <= Date.parse(record.updatedAt)) newest.set(keyOf(record), record);
  }
  return [...newest.values()];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
