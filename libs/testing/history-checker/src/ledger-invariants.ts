// The ledger's invariants, checked in SQL against its schema (the real tables, not the service's
// own view of them):
//   - each balance equals the sum of its movements: on hand, in transit, on order and both values;
//   - no movement id appears twice;
//   - a balance's version equals the number of its movements (versions 1..n, no gap);
//   - every movement is published exactly once: named by exactly one applied-batch outbox record
//     (whose events the relay builds from the movement rows) or, for a movement recorded before
//     the ledger wrote applied batches, one stock-changed outbox record; no outbox record names a
//     movement that is not recorded;
//   - each movement's last_movement_at_after is the latest business time of its key's movements up
//     to its version (the mark reads of stock as of a time and of a count's book quantity rely on);
//   - the valuation totals (running totals plus the deltas not yet folded) equal, per location, the
//     sums over its balances (on hand, value, in-transit value, how many, how many negative, out
//     of stock and low under the threshold each is counted under) and its movements' cost of
//     goods sold, and per location and posting day the cost of goods sold of its movements (the
//     posting day is the business day, or the first open day for a movement dated in a closed period);
//   - the shrinkage figures (location_daily_adjustment) equal, per location, posting day and
//     reason, the units, value and number of its adjustment movements;
//   - value is conserved exactly where it moves (docs/valuation.md): a receipt or shipment books
//     the value it carries (its totalCost, else quantity x unitCost; at its exchangeRate, within
//     the one rounding, when it has one) on the shelf, in transit and in cost of goods sold
//     together; a transfer-in moves value from in transit to the shelf and creates none; a
//     shipment the ledger derived carries, in totalCost, exactly the value its transfer-out took;
//     and a shipment revalues the shelf or books cost of goods sold only when it fills in transit
//     below zero (goods received before it), revaluing only a shelf that holds units;
//   - a landed cost books exactly its amount (at its exchangeRate, within the one rounding, when it
//     has one): the value it added to the shelf plus the cost of goods sold of the variance it
//     derived, and changes no units; and the landed-cost figures of the period report
//     (location_daily_landed_cost) equal, per location, posting day and cost type, what its
//     landed costs revalued, their variances booked and how many there were;
//   - a FIFO key's value is the sum of its on-hand layers and its in-transit value that of its
//     in-transit layers; a key valued at moving average holds none (fifo-layer-invariants.ts);
//   - the costs of whole purchase orders' own (purchase-order-invariants.ts);
//   - the reservations' own (reservation-invariants.ts);
//   - the open early arrivals equal what the movements imply (early-arrival-invariants.ts);
//   - the receipts kept for landed costs equal their movements, with the units arrived since each
//     (landed-cost-receipt-invariants.ts);
//   - no figure of a closed day changed after its close (closed-period-invariants.ts);
//   - each close's closing inventory equals its keys' movements booked through its day
//     (closing-inventory-invariants.ts).
import type { StockFigures } from './erp-stock-view';
import { parseMoney } from '@ledgerline/money';
import { fifoLayerViolations } from './fifo-layer-invariants';
import { purchaseOrderViolations } from './purchase-order-invariants';
import { reservationViolations } from './reservation-invariants';
import { earlyArrivalViolations } from './early-arrival-invariants';
import { landedCostReceiptViolations } from './landed-cost-receipt-invariants';
import { closedPeriodViolations, postingDayOf } from './closed-period-invariants';
import { closingInventoryViolations } from './closing-inventory-invariants';

/** Anything that runs a parameterised query: a pg Client or Pool. */
export interface SqlQueryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export const STOCK_CHANGED_TOPIC = 'inventory.stock-changed.v1';
/** The outbox record of one applied batch: `payload.movementSeqRanges` names its movements. */
export const APPLIED_BATCH_RECORD = 'ledger.applied-batch';

export interface AppliedMovementRow {
  movementId: string;
  /** True for a movement the ledger derived itself (a count variance, a correction, a shipment). */
  derived: boolean;
  causedBy: string | null;
}

export interface LedgerInvariantResult {
  violations: string[];
  movements: number;
  balances: number;
}

export async function appliedMovements(db: SqlQueryable, schema: string): Promise<AppliedMovementRow[]> {
  const { rows } = await db.query<{ movement_id: string; derived: boolean; caused_by_movement_id: string | null }>(
    `SELECT movement_id, caused_by_movement_id,
            (caused_by_movement_id IS NOT NULL OR payload->'source'->>'system' = 'ledger') AS derived
       FROM ${table(schema, 'movement')}`,
  );
  return rows.map((row) => ({ movementId: row.movement_id, derived: row.derived, causedBy: row.caused_by_movement_id }));
}

/** A balance of the ledger: the figures its stock-changed events state, and what its stock level adds. */
export interface LedgerBalance extends StockFigures {
  /** Ten-thousandths, like inventoryValue. */
  averageUnitCost: bigint;
  reserved: number;
}

export async function ledgerBalances(db: SqlQueryable, schema: string): Promise<Map<string, LedgerBalance>> {
  const { rows } = await db.query<{ sku: string; location_id: string; on_hand: string; in_transit: string; on_order: string; inventory_value: string; average_unit_cost: string; version: string; reserved: string }>(
    `SELECT sku, location_id, on_hand::text, in_transit::text, on_order::text, inventory_value::text, average_unit_cost::text, version::text, reserved::text
       FROM ${table(schema, 'stock_balance')} WHERE version > 0`,
  );
  return new Map(
    rows.map((row) => [
      `${row.sku}@${row.location_id}`,
      {
        onHand: Number(row.on_hand),
        inTransit: Number(row.in_transit),
        onOrder: Number(row.on_order),
        inventoryValue: parseMoney(row.inventory_value),
        averageUnitCost: parseMoney(row.average_unit_cost),
        balanceVersion: Number(row.version),
        reserved: Number(row.reserved),
      },
    ]),
  );
}

export async function checkLedgerInvariants(db: SqlQueryable, schema: string): Promise<LedgerInvariantResult> {
  const violations: string[] = [];
  const movement = table(schema, 'movement');
  const balance = table(schema, 'stock_balance');
  const outbox = table(schema, 'outbox');

  const { rows: drifted } = await db.query<Record<string, string | null>>(
    `WITH sums AS (
       SELECT sku, location_id, count(*) AS movements, max(balance_version) AS max_version,
              SUM(quantity_delta) AS on_hand, SUM(in_transit_delta) AS in_transit, SUM(on_order_delta) AS on_order,
              SUM(value_delta) AS inventory_value, SUM(in_transit_value_delta) AS in_transit_value
         FROM ${movement} GROUP BY sku, location_id)
     SELECT COALESCE(b.sku, s.sku) || '@' || COALESCE(b.location_id, s.location_id) AS key,
            b.on_hand::text AS balance_on_hand, COALESCE(s.on_hand, 0)::text AS movements_on_hand,
            b.in_transit::text AS balance_in_transit, COALESCE(s.in_transit, 0)::text AS movements_in_transit,
            b.on_order::text AS balance_on_order, COALESCE(s.on_order, 0)::text AS movements_on_order,
            b.inventory_value::text AS balance_value, COALESCE(s.inventory_value, 0)::text AS movements_value,
            b.in_transit_value::text AS balance_in_transit_value, COALESCE(s.in_transit_value, 0)::text AS movements_in_transit_value,
            b.version::text AS balance_version, COALESCE(s.movements, 0)::text AS movement_count, COALESCE(s.max_version, 0)::text AS max_version
       FROM ${balance} b FULL OUTER JOIN sums s ON s.sku = b.sku AND s.location_id = b.location_id
      WHERE b.sku IS NULL
         OR b.on_hand <> COALESCE(s.on_hand, 0) OR b.in_transit <> COALESCE(s.in_transit, 0) OR b.on_order <> COALESCE(s.on_order, 0)
         OR b.inventory_value <> COALESCE(s.inventory_value, 0) OR b.in_transit_value <> COALESCE(s.in_transit_value, 0)
         OR b.version <> COALESCE(s.movements, 0) OR COALESCE(s.max_version, 0) <> COALESCE(s.movements, 0)
      ORDER BY 1`,
  );
  for (const row of drifted) {
    const { key, ...figures } = row;
    violations.push(`balance ${key} differs from its movements: ${JSON.stringify(figures)}`);
  }

  const { rows: duplicated } = await db.query<{ movement_id: string; n: string }>(
    `SELECT movement_id, count(*)::text AS n FROM ${movement} GROUP BY movement_id HAVING count(*) > 1 ORDER BY 1`,
  );
  for (const row of duplicated) violations.push(`movement ${row.movement_id} recorded ${row.n} times`);

  const { rows: outboxMismatches } = await db.query<{ movement_id: string; records: string }>(
    `WITH named AS (
       SELECT m.movement_id FROM ${outbox} o
         CROSS JOIN LATERAL jsonb_array_elements(o.payload->'movementSeqRanges') AS r(range)
         JOIN ${movement} m ON m.movement_seq BETWEEN (r.range->>0)::bigint AND (r.range->>1)::bigint
        WHERE o.topic = $2
       UNION ALL
       SELECT movement_id FROM ${outbox} WHERE topic = $1)
     SELECT m.movement_id, count(n.movement_id)::text AS records
       FROM ${movement} m LEFT JOIN named n ON n.movement_id = m.movement_id
      GROUP BY m.movement_id HAVING count(n.movement_id) <> 1
     UNION ALL
     SELECT o.movement_id, 'orphan' FROM ${outbox} o
      WHERE o.topic = $1 AND NOT EXISTS (SELECT 1 FROM ${movement} m WHERE m.movement_id = o.movement_id)
     UNION ALL
     SELECT 'movement_seq ' || (r.range->>0) || '..' || (r.range->>1), 'orphan-range' FROM ${outbox} o
       CROSS JOIN LATERAL jsonb_array_elements(o.payload->'movementSeqRanges') AS r(range)
      WHERE o.topic = $2
        AND (SELECT count(*) FROM ${movement} m WHERE m.movement_seq BETWEEN (r.range->>0)::bigint AND (r.range->>1)::bigint)
            <> (r.range->>1)::bigint - (r.range->>0)::bigint + 1
      ORDER BY 1`,
    [STOCK_CHANGED_TOPIC, APPLIED_BATCH_RECORD],
  );
  for (const row of outboxMismatches) {
    violations.push(
      row.records === 'orphan'
        ? `stock-changed outbox record for ${row.movement_id}, which is not in the ledger`
        : row.records === 'orphan-range'
          ? `applied-batch outbox record names ${row.movement_id}, but not all of those movements are in the ledger`
          : `movement ${row.movement_id} is named by ${row.records} outbox records, not 1`,
    );
  }

  const { rows: misplacedMarks } = await db.query<{ key: string; balance_version: string; mark: string; latest: string }>(
    `SELECT sku || '@' || location_id AS key, balance_version::text, last_movement_at_after::text AS mark, latest::text
       FROM (SELECT sku, location_id, balance_version, last_movement_at_after,
                    max(occurred_at) OVER (PARTITION BY sku, location_id ORDER BY balance_version) AS latest
               FROM ${movement}) AS marked
      WHERE last_movement_at_after IS NOT NULL AND last_movement_at_after <> latest
      ORDER BY 1, 2 LIMIT 20`,
  );
  for (const row of misplacedMarks) {
    violations.push(`movement ${row.key} version ${row.balance_version} marks ${row.mark} as its key's latest business time, not ${row.latest}`);
  }

  violations.push(...(await valuationTotalsViolations(db, schema)));
  violations.push(...(await adjustmentFigureViolations(db, schema)));
  violations.push(...(await valueConservationViolations(db, schema)));
  violations.push(...(await landedCostViolations(db, schema)));
  violations.push(...(await fifoLayerViolations(db, schema)));
  violations.push(...(await purchaseOrderViolations(db, schema)));
  violations.push(...(await reservationViolations(db, schema)));
  violations.push(...(await earlyArrivalViolations(db, schema)));
  violations.push(...(await landedCostReceiptViolations(db, schema)));
  violations.push(...(await closedPeriodViolations(db, schema)));
  violations.push(...(await closingInventoryViolations(db, schema)));

  const { rows: counts } = await db.query<{ movements: string; balances: string }>(
    `SELECT (SELECT count(*) FROM ${movement})::text AS movements, (SELECT count(*) FROM ${balance} WHERE version > 0)::text AS balances`,
  );
  return { violations, movements: Number(counts[0]?.movements ?? 0), balances: Number(counts[0]?.balances ?? 0) };
}

/** Each statement reads one snapshot, so the totals and the sums they are compared with agree even while batches commit. */
async function valuationTotalsViolations(db: SqlQueryable, schema: string): Promise<string[]> {
  const totals = (figures: string) => `
    SELECT location_id, ${figures} FROM ${table(schema, 'location_valuation')}
    UNION ALL SELECT location_id, ${figures} FROM ${table(schema, 'valuation_delta')}`;
  const { rows: locations } = await db.query<{ location_id: string; totals: string; sums: string }>(
    `WITH totals AS (
       SELECT location_id, SUM(on_hand) AS on_hand, SUM(inventory_value) AS inventory_value, SUM(in_transit_value) AS in_transit_value,
              SUM(cost_of_goods_sold) AS cost_of_goods_sold, SUM(balances) AS balances, SUM(negative) AS negative, SUM(stockout) AS stockout, SUM(low) AS low
         FROM (${totals('on_hand, inventory_value, in_transit_value, cost_of_goods_sold, balances, negative, stockout, low')}) AS t GROUP BY location_id),
     sums AS (
       SELECT location_id, SUM(on_hand) AS on_hand, SUM(inventory_value) AS inventory_value, SUM(in_transit_value) AS in_transit_value,
              SUM(cost_of_goods_sold) AS cost_of_goods_sold, SUM(balances) AS balances, SUM(negative) AS negative, SUM(stockout) AS stockout, SUM(low) AS low
         FROM (SELECT location_id, on_hand, inventory_value, in_transit_value, 0 AS cost_of_goods_sold, 1 AS balances, (on_hand < 0)::int AS negative,
                      (on_hand = 0)::int AS stockout, COALESCE(on_hand > 0 AND on_hand <= counted_threshold, false)::int AS low
                 FROM ${table(schema, 'stock_balance')} WHERE version > 0
               UNION ALL
               SELECT location_id, 0, 0, 0, cost_of_goods_sold, 0, 0, 0, 0 FROM ${table(schema, 'movement')}) AS s GROUP BY location_id)
     SELECT COALESCE(t.location_id, s.location_id) AS location_id,
            concat_ws(' ', t.on_hand, t.inventory_value, t.in_transit_value, t.cost_of_goods_sold, t.balances, t.negative, t.stockout, t.low) AS totals,
            concat_ws(' ', s.on_hand, s.inventory_value, s.in_transit_value, s.cost_of_goods_sold, s.balances, s.negative, s.stockout, s.low) AS sums
       FROM totals t FULL OUTER JOIN sums s ON s.location_id = t.location_id
      WHERE COALESCE(t.on_hand, 0) <> COALESCE(s.on_hand, 0) OR COALESCE(t.inventory_value, 0) <> COALESCE(s.inventory_value, 0)
         OR COALESCE(t.in_transit_value, 0) <> COALESCE(s.in_transit_value, 0) OR COALESCE(t.cost_of_goods_sold, 0) <> COALESCE(s.cost_of_goods_sold, 0)
         OR COALESCE(t.balances, 0) <> COALESCE(s.balances, 0) OR COALESCE(t.negative, 0) <> COALESCE(s.negative, 0)
         OR COALESCE(t.stockout, 0) <> COALESCE(s.stockout, 0) OR COALESCE(t.low, 0) <> COALESCE(s.low, 0)
      ORDER BY 1`,
  );
  const { rows: days } = await db.query<{ location_id: string; day: string; totals: string; sums: string }>(
    `WITH totals AS (
       SELECT location_id, day, SUM(cost_of_goods_sold) AS cost_of_goods_sold
         FROM (SELECT location_id, day, cost_of_goods_sold FROM ${table(schema, 'location_daily_cogs')}
               UNION ALL SELECT location_id, day, cost_of_goods_sold FROM ${table(schema, 'valuation_delta')}) AS t GROUP BY 1, 2),
     sums AS (
       SELECT location_id, ${await postingDayOf(db, schema)} AS day, SUM(cost_of_goods_sold) AS cost_of_goods_sold
         FROM ${table(schema, 'movement')} GROUP BY 1, 2)
     SELECT COALESCE(t.location_id, s.location_id) AS location_id, to_char(COALESCE(t.day, s.day), 'YYYY-MM-DD') AS day,
            COALESCE(t.cost_of_goods_sold, 0)::text AS totals, COALESCE(s.cost_of_goods_sold, 0)::text AS sums
       FROM totals t FULL OUTER JOIN sums s ON s.location_id = t.location_id AND s.day = t.day
      WHERE COALESCE(t.cost_of_goods_sold, 0) <> COALESCE(s.cost_of_goods_sold, 0)
      ORDER BY 1, 2`,
  );
  return [
    ...locations.map(
      (row) => `valuation totals of ${row.location_id} (on hand, value, in-transit value, cost of goods sold, balances, negative, out of stock, low) ${row.totals || 'absent'} differ from the sums ${row.sums || 'absent'}`,
    ),
    ...days.map((row) => `cost of goods sold of ${row.location_id} on ${row.day}: totals ${row.totals}, movements ${row.sums}`),
  ];
}

/** The per-day adjustment figures against the adjustment movements, in one statement (one snapshot). */
async function adjustmentFigureViolations(db: SqlQueryable, schema: string): Promise<string[]> {
  const { rows } = await db.query<{ location_id: string; day: string; reason_code: string; figures: string; sums: string }>(
    `WITH figures AS (
       SELECT location_id, day, reason_code, SUM(quantity) AS quantity, SUM(value) AS value, SUM(movements) AS movements
         FROM ${table(schema, 'location_daily_adjustment')} GROUP BY 1, 2, 3),
     sums AS (
       SELECT location_id, ${await postingDayOf(db, schema)} AS day, payload->>'reasonCode' AS reason_code,
              SUM(quantity_delta) AS quantity, SUM(value_delta) AS value, count(*) AS movements
         FROM ${table(schema, 'movement')} WHERE kind = 'adjustment' GROUP BY 1, 2, 3)
     SELECT COALESCE(f.location_id, s.location_id) AS location_id, to_char(COALESCE(f.day, s.day), 'YYYY-MM-DD') AS day,
            COALESCE(f.reason_code, s.reason_code) AS reason_code,
            concat_ws(' ', f.quantity, f.value, f.movements) AS figures, concat_ws(' ', s.quantity, s.value, s.movements) AS sums
       FROM figures f FULL OUTER JOIN sums s ON s.location_id = f.location_id AND s.day = f.day AND s.reason_code = f.reason_code
      WHERE f.location_id IS NULL OR s.location_id IS NULL OR f.quantity <> s.quantity OR f.value <> s.value OR f.movements <> s.movements
      ORDER BY 1, 2, 3`,
  );
  return rows.map((row) => `adjustments of ${row.location_id} on ${row.day} for ${row.reason_code} (units, value, movements): figures ${row.figures || 'absent'}, movements ${row.sums || 'absent'}`);
}

/** Rows whose value does not add up, at most 20 of each kind: one is enough to fail a run. */
async function valueConservationViolations(db: SqlQueryable, schema: string): Promise<string[]> {
  const movement = table(schema, 'movement');
  const carried = `COALESCE((payload->>'totalCost')::numeric, (payload->>'quantity')::numeric * (payload->>'unitCost')::numeric)`;
  const booked = `(value_delta + in_transit_value_delta + cost_of_goods_sold)`;
  const { rows: misbooked } = await db.query<{ movement_id: string; kind: string; carried: string; booked: string }>(
    `SELECT movement_id, kind, (${carried} * COALESCE((payload->>'exchangeRate')::numeric, 1))::text AS carried, ${booked}::text AS booked
       FROM ${movement}
      WHERE kind IN ('receipt', 'transfer-shipped')
        AND abs(${booked} - ${carried} * COALESCE((payload->>'exchangeRate')::numeric, 1))
            > CASE WHEN payload->>'exchangeRate' IS NOT NULL THEN 0.00005 ELSE 0 END
      ORDER BY movement_seq LIMIT 20`,
  );
  const { rows: created } = await db.query<{ movement_id: string; booked: string }>(
    `SELECT movement_id, ${booked}::text AS booked FROM ${movement} WHERE kind = 'transfer-in' AND ${booked} <> 0 ORDER BY movement_seq LIMIT 20`,
  );
  const { rows: unmatched } = await db.query<{ movement_id: string; taken: string; carried: string | null }>(
    `SELECT o.movement_id, (-o.value_delta)::text AS taken, s.payload->>'totalCost' AS carried
       FROM ${movement} o JOIN ${movement} s ON s.movement_id = o.movement_id || ':shipped' AND s.kind = 'transfer-shipped'
      WHERE o.kind = 'transfer-out' AND (s.payload->>'totalCost' IS NULL OR (s.payload->>'totalCost')::numeric <> -o.value_delta)
      ORDER BY o.movement_seq LIMIT 20`,
  );
  // Rows recorded before the ledger kept the balance after each movement have no in_transit_after and are not checked.
  const { rows: stray } = await db.query<{ movement_id: string; value_delta: string; cost_of_goods_sold: string; in_transit_before: string; on_hand_after: string }>(
    `SELECT movement_id, value_delta::text, cost_of_goods_sold::text, (in_transit_after - in_transit_delta)::text AS in_transit_before, on_hand_after::text
       FROM ${movement}
      WHERE kind = 'transfer-shipped'
        AND ((in_transit_after - in_transit_delta >= 0 AND (value_delta <> 0 OR cost_of_goods_sold <> 0)) OR (value_delta <> 0 AND on_hand_after <= 0))
      ORDER BY movement_seq LIMIT 20`,
  );
  return [
    ...misbooked.map((row) => `${row.kind} ${row.movement_id} carries ${row.carried} but books ${row.booked} on the shelf, in transit and in cost of goods sold`),
    ...stray.map(
      (row) =>
        `transfer-shipped ${row.movement_id} revalues the shelf by ${row.value_delta} and books ${row.cost_of_goods_sold} as cost of goods sold with in transit ${row.in_transit_before} before it and ${row.on_hand_after} on hand after: only a shipment into in transit below zero corrects goods received before it, and only a shelf holding units takes a share`,
    ),
    ...created.map((row) => `transfer-in ${row.movement_id} changes the key's value by ${row.booked}: an arrival only moves value from in transit to the shelf`),
    ...unmatched.map((row) => `transfer-out ${row.movement_id} took ${row.taken} from its source but its shipment carries ${row.carried ?? 'no totalCost'}`),
  ];
}

/** Landed costs that do not book their amount, and per-day landed-cost figures that differ from the movements. */
async function landedCostViolations(db: SqlQueryable, schema: string): Promise<string[]> {
  const movement = table(schema, 'movement');
  const posted = `(l.payload->>'amount')::numeric * COALESCE((l.payload->>'exchangeRate')::numeric, 1)`;
  const { rows: misbooked } = await db.query<{ movement_id: string; posted: string; booked: string }>(
    `SELECT l.movement_id, (${posted})::text AS posted, (l.value_delta + COALESCE(v.cost_of_goods_sold, 0))::text AS booked
       FROM ${movement} l LEFT JOIN ${movement} v ON v.caused_by_movement_id = l.movement_id AND v.kind = 'landed-cost-variance'
      WHERE l.kind = 'landed-cost'
        AND (l.quantity_delta <> 0 OR l.in_transit_delta <> 0 OR l.in_transit_value_delta <> 0 OR l.cost_of_goods_sold <> 0
             OR abs(l.value_delta + COALESCE(v.cost_of_goods_sold, 0) - ${posted}) > CASE WHEN l.payload->>'exchangeRate' IS NOT NULL THEN 0.00005 ELSE 0 END)
      ORDER BY l.movement_seq LIMIT 20`,
  );
  const { rows: figures } = await db.query<{ location_id: string; day: string; cost_type: string; figures: string; sums: string }>(
    `WITH figures AS (
       SELECT location_id, day, cost_type, SUM(revalued) AS revalued, SUM(variance) AS variance, SUM(movements) AS movements
         FROM ${table(schema, 'location_daily_landed_cost')} GROUP BY 1, 2, 3),
     sums AS (
       SELECT location_id, ${await postingDayOf(db, schema)} AS day, payload->>'costType' AS cost_type,
              SUM(value_delta) FILTER (WHERE kind = 'landed-cost') AS revalued,
              COALESCE(SUM(cost_of_goods_sold) FILTER (WHERE kind = 'landed-cost-variance'), 0) AS variance,
              count(*) FILTER (WHERE kind = 'landed-cost') AS movements
         FROM ${movement} WHERE kind IN ('landed-cost', 'landed-cost-variance') GROUP BY 1, 2, 3)
     SELECT COALESCE(f.location_id, s.location_id) AS location_id, to_char(COALESCE(f.day, s.day), 'YYYY-MM-DD') AS day,
            COALESCE(f.cost_type, s.cost_type) AS cost_type,
            concat_ws(' ', f.revalued, f.variance, f.movements) AS figures, concat_ws(' ', s.revalued, s.variance, s.movements) AS sums
       FROM figures f FULL OUTER JOIN sums s ON s.location_id = f.location_id AND s.day = f.day AND s.cost_type = f.cost_type
      WHERE f.location_id IS NULL OR s.location_id IS NULL OR f.revalued <> s.revalued OR f.variance <> s.variance OR f.movements <> s.movements
      ORDER BY 1, 2, 3`,
  );
  return [
    ...misbooked.map((row) => `landed cost ${row.movement_id} posts ${row.posted} but books ${row.booked} on the shelf and in its variance (or changes units or in transit)`),
    ...figures.map(
      (row) => `landed costs of ${row.location_id} on ${row.day} for ${row.cost_type} (revalued, variance, movements): figures ${row.figures || 'absent'}, movements ${row.sums || 'absent'}`,
    ),
  ];
}

export async function unpublishedOutboxRecords(db: SqlQueryable, schema: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table(schema, 'outbox')} WHERE published_at IS NULL`);
  return Number(rows[0]?.n ?? 0);
}

function table(schema: string, name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`"${schema}" is not a lowercase SQL identifier`);
  return `"${schema}".${name}`;
}
