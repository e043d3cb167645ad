// The reservations' invariants, checked in SQL against the ledger's schema (docs/reservations.md):
//   - each balance's reserved equals what its open reservations still hold;
//   - a reservation never holds more than it was granted, is fulfilled exactly when all its units
//     were taken, and was granted once;
//   - its events account for it: the units its consumed and fulfilled events took sum to what
//     it has taken, and it was expired or released once at most, and only if it is so now;
//   - no grant left its key promised beyond its stock: on hand after it covers reserved after it;
//   - a reservation was taken from by a movement at most once, and only by a recorded one;
//   - every reservation event is owed to subscribers: its outbox row, for the same key, was
//     committed with it (docs/reservations.md, "Events on Kafka").
import type { SqlQueryable } from './ledger-invariants';

export async function reservationViolations(db: SqlQueryable, schema: string): Promise<string[]> {
  const t = (name: string) => `"${schema}".${name}`;
  const { rows: present } = await db.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${schema}".reservation`]);
  if (!present[0]?.present) return [];
  const violations: string[] = [];

  const { rows: reserved } = await db.query<{ key: string; reserved: string; open: string }>(
    `SELECT b.sku || '@' || b.location_id AS key, b.reserved::text AS reserved, COALESCE(o.open, 0)::text AS open
       FROM ${t('stock_balance')} b
       LEFT JOIN (SELECT sku, location_id, sum(quantity - fulfilled_quantity) AS open FROM ${t('reservation')} WHERE status = 'open' GROUP BY 1, 2) o
         USING (sku, location_id)
      WHERE b.reserved <> COALESCE(o.open, 0) ORDER BY 1`,
  );
  for (const row of reserved) violations.push(`balance ${row.key} has reserved ${row.reserved} but its open reservations hold ${row.open}`);

  const { rows: reservations } = await db.query<{ reservation_id: string; problem: string }>(
    `WITH events AS (
       SELECT reservation_id,
              count(*) FILTER (WHERE kind = 'granted') AS granted,
              count(*) FILTER (WHERE kind = 'expired') AS expired,
              count(*) FILTER (WHERE kind = 'released') AS released,
              COALESCE(sum(quantity) FILTER (WHERE kind IN ('consumed', 'fulfilled')), 0) AS taken
         FROM ${t('reservation_event')} GROUP BY reservation_id)
     SELECT r.reservation_id,
            CASE WHEN (r.status = 'fulfilled') <> (r.fulfilled_quantity = r.quantity) THEN 'status ' || r.status || ' with ' || r.fulfilled_quantity || ' of ' || r.quantity || ' taken'
                 WHEN COALESCE(e.granted, 0) <> 1 THEN 'granted ' || COALESCE(e.granted, 0) || ' times'
                 WHEN e.taken <> r.fulfilled_quantity THEN 'its events took ' || e.taken || ' units, it records ' || r.fulfilled_quantity
                 WHEN e.expired > 1 OR (e.expired = 1) <> (r.status = 'expired') THEN 'expired ' || e.expired || ' times, now ' || r.status
                 WHEN e.released > 1 OR (e.released = 1) <> (r.status = 'released') THEN 'released ' || e.released || ' times, now ' || r.status
            END AS problem
       FROM ${t('reservation')} r LEFT JOIN events e USING (reservation_id)
      ORDER BY 1`,
  );
  for (const row of reservations) if (row.problem !== null) violations.push(`reservation ${row.reservation_id}: ${row.problem}`);

  const { rows: overPromised } = await db.query<{ event_seq: string; key: string; on_hand_after: string; reserved_after: string }>(
    `SELECT event_seq::text, sku || '@' || location_id AS key, on_hand_after::text, reserved_after::text
       FROM ${t('reservation_event')} WHERE kind = 'granted' AND on_hand_after < reserved_after ORDER BY event_seq`,
  );
  for (const row of overPromised) violations.push(`grant ${row.event_seq} of ${row.key} left ${row.reserved_after} reserved of ${row.on_hand_after} on hand`);

  const { rows: consumed } = await db.query<{ reservation_id: string; movement_id: string; n: string; recorded: boolean }>(
    `SELECT e.reservation_id, e.movement_id, count(*)::text AS n,
            EXISTS (SELECT 1 FROM ${t('applied_movement_id')} a WHERE a.movement_id = e.movement_id) AS recorded
       FROM ${t('reservation_event')} e WHERE e.kind = 'consumed'
      GROUP BY 1, 2 HAVING count(*) > 1 OR NOT EXISTS (SELECT 1 FROM ${t('applied_movement_id')} a WHERE a.movement_id = e.movement_id)
      ORDER BY 1, 2`,
  );
  for (const row of consumed) violations.push(`reservation ${row.reservation_id} taken by ${row.movement_id} ${row.n} times${row.recorded ? '' : ', a movement not recorded'}`);

  const { rows: unpublished } = await db.query<{ event_seq: string; kind: string; key: string }>(
    `SELECT e.event_seq::text, e.kind, e.sku || '@' || e.location_id AS key
       FROM ${t('reservation_event')} e
       LEFT JOIN ${t('outbox')} o ON o.event_id = 'reservation-event:' || e.event_seq AND o.message_key = e.sku || '@' || e.location_id
      WHERE o.event_id IS NULL ORDER BY e.event_seq`,
  );
  for (const row of unpublished) violations.push(`reservation event ${row.event_seq} (${row.kind} of ${row.key}) has no outbox row`);
  return violations;
}
