// What the running pos-ingestion's login role may do in its schema: applied after every migration
// run (libs/shared/runtime service-grants.ts). An accepted transaction is kept as received: the
// service may only move it through its outcome and publication columns, and delete nothing but
// the oldest entries of the bounded rejection log. A migration that creates a table adds it here
// ([] for nothing); the migrate step stops on a table this list does not name.
import type { ServiceGrants } from '@ledgerline/runtime';

const KEPT_CURRENT = ['SELECT', 'INSERT', 'UPDATE'] as const;

export const POS_INGESTION_GRANTS: ServiceGrants = {
  tables: {
    schema_migrations: ['SELECT'],
    pos_transaction: [
      'SELECT',
      'INSERT',
      'UPDATE (status, movement_ids, rejection_code, rejection_path, rejection_reason, publish_claim, publish_claimed_until, published_at)',
    ],
    rejection: ['SELECT', 'INSERT', 'DELETE'],
    store: KEPT_CURRENT,
    api_key: KEPT_CURRENT,
    dead_letter: KEPT_CURRENT,
    // The record of every replay and discard: only added to.
    dead_letter_action: ['SELECT', 'INSERT'],
    service_credential: KEPT_CURRENT,
    // A store-operations movement as received: only its publication is recorded afterwards.
    movement_request: ['SELECT', 'INSERT', 'UPDATE (published_at)'],
    // A shipment the ledger applied: its second half fills in the side the first lacked.
    ledger_shipment: ['SELECT', 'INSERT', 'UPDATE (to_location_id, quantity)'],
    // A transfer receipt the ledger applied: kept as learnt.
    ledger_receipt: ['SELECT', 'INSERT'],
    // The catalog copy: the newest version of each item and location replaces the one before.
    catalog_item: KEPT_CURRENT,
    catalog_location: KEPT_CURRENT,
    // How far the copy has applied each catalog partition: moved on with the rows it applied.
    catalog_offset: ['SELECT', 'INSERT', 'UPDATE (next_offset, applied_at)'],
    // Cycle counting: signals follow the ledger's events (days past the window are dropped); a
    // list is made once and kept; an item moves only through its count and review; accuracy is
    // added to per day.
    count_signal: KEPT_CURRENT,
    count_signal_day: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
    count_list: ['SELECT', 'INSERT'],
    count_list_item: ['SELECT', 'INSERT', 'UPDATE (status, first_count, recount, book_quantity, unit_value, counted_at, within_tolerance, movement_id, counted_by, recounted_by, reviewed_by, reviewed_at)'],
    count_accuracy_day: KEPT_CURRENT,
  },
};
