// What the running ledger's login role may do in its schema: applied after every migration run
// (libs/shared/runtime service-grants.ts). Movements and applied movement ids are append-only:
// SELECT and INSERT, never UPDATE, DELETE or TRUNCATE. A migration that creates a table adds it
// here, with the least the ledger needs ([] for nothing); the migrate step stops on a table this
// list does not name.
import type { ServiceGrants } from '@ledgerline/runtime';

const APPEND_ONLY = ['SELECT', 'INSERT'] as const;
const KEPT_CURRENT = ['SELECT', 'INSERT', 'UPDATE'] as const;
const BOUNDED = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

export const LEDGER_GRANTS: ServiceGrants = {
  tables: {
    schema_migrations: ['SELECT'],
    movement: APPEND_ONLY,
    applied_movement_id: APPEND_ONLY,
    // Read by name: the ledger checks that the DEFAULT partition stays empty.
    movement_default: ['SELECT'],
    // Written only by the owner's detach command.
    movement_carried_forward: ['SELECT'],
    movement_archived_period: ['SELECT'],
    archived_movement_fingerprint: ['SELECT'],
    stock_balance: KEPT_CURRENT,
    // FIFO layers: a layer consumed whole is deleted, so a key keeps only its open ones.
    stock_layer: BOUNDED,
    outbox: KEPT_CURRENT,
    item_setting: KEPT_CURRENT,
    // The catalog's locations: their regions.
    location_setting: KEPT_CURRENT,
    location_valuation: KEPT_CURRENT,
    location_daily_cogs: KEPT_CURRENT,
    // Adjustments per location, day and reason: each batch adds its rows, none is changed.
    location_daily_adjustment: APPEND_ONLY,
    // Landed costs per location, day and cost type: added to by the batches that hold one.
    location_daily_landed_cost: APPEND_ONLY,
    // Folded into the running totals, then deleted.
    valuation_delta: BOUNDED,
    // A bounded number of passes and the mismatches still open.
    drift_audit_pass: BOUNDED,
    drift_mismatch: BOUNDED,
    drift_location_mismatch: BOUNDED,
    dead_letter: KEPT_CURRENT,
    // The record of every replay and discard: only added to.
    dead_letter_action: ['SELECT', 'INSERT'],
    service_credential: KEPT_CURRENT,
    // A reservation moves through its states; its request record answers a retried idempotency key.
    reservation: KEPT_CURRENT,
    // Idempotency records: deleted once older than RESERVATION_REQUEST_KEEP_MS.
    reservation_request: BOUNDED,
    safety_buffer: KEPT_CURRENT,
    // What happened to reservations, beside the movements: only added to.
    reservation_event: APPEND_ONLY,
    // Each key's early arrivals not yet matched by a shipment: a matched one is deleted.
    early_arrival: BOUNDED,
    // Each receipt naming a purchase order adds its row; each purchase order cost applied adds its record.
    purchase_order_receipt: APPEND_ONLY,
    purchase_order_cost: APPEND_ONLY,
    // Each receipt adds its row for the landed costs that may name it; none is changed.
    landed_cost_receipt: APPEND_ONLY,
    // The closed-through day: one row, moved forward by a close, never deleted.
    ledger_period: ['SELECT', 'UPDATE'],
    // Every close and the figures of the days it closed: only added to (reopening is not offered).
    period_close: APPEND_ONLY,
    closed_period_figure: APPEND_ONLY,
    // The closing inventory of each close: only added to; its build's progress row moves forward.
    closing_inventory: APPEND_ONLY,
    closing_inventory_build: KEPT_CURRENT,
  },
  // SECURITY DEFINER: creates the months ahead as the owner, and nothing else. The other refuses
  // an all-or-nothing reservation that was not granted in full, inside its one statement.
  functions: ['create_movement_partitions(int)', 'require_all_reserved(int, int)'],
};
