// What the running reorder-forecasting's login role may do in its schema: applied after every
// migration run (libs/shared/runtime service-grants.ts). Nothing is deleted, and the ids of the
// movements already counted are only ever added. A migration that creates a table adds it here
// ([] for nothing); the migrate step stops on a table this list does not name.
import type { ServiceGrants } from '@ledgerline/runtime';

const KEPT_CURRENT = ['SELECT', 'INSERT', 'UPDATE'] as const;

export const FORECASTING_GRANTS: ServiceGrants = {
  tables: {
    schema_migrations: ['SELECT'],
    processed_movement: ['SELECT', 'INSERT'],
    daily_demand: KEPT_CURRENT,
    stock_position: KEPT_CURRENT,
    purchase_order: KEPT_CURRENT,
    item_forecast: KEPT_CURRENT,
    item_policy: KEPT_CURRENT,
    reorder_suggestion: KEPT_CURRENT,
    outbox: KEPT_CURRENT,
    service_credential: KEPT_CURRENT,
    dead_letter: KEPT_CURRENT,
    // The record of every replay and discard: only added to.
    dead_letter_action: ['SELECT', 'INSERT'],
  },
};
