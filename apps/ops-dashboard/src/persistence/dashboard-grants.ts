// What the running ops dashboard's login role may do in its schema: applied after every migration
// run (libs/shared/runtime service-grants.ts). An acknowledgement is a record of who said what and
// when: only added to; so is the alert log, a record of what the ledger raised. A migration that creates a table adds it here ([] for nothing); the
// migrate step stops on a table this list does not name.
import type { ServiceGrants } from '@ledgerline/runtime';

export const DASHBOARD_GRANTS: ServiceGrants = {
  tables: {
    schema_migrations: ['SELECT'],
    service_credential: ['SELECT', 'INSERT', 'UPDATE'],
    alert_acknowledgement: ['SELECT', 'INSERT'],
    // Occurrences older than ALERT_LOG_KEEP_DAYS are deleted (AlertLogPruner).
    alert_occurrence: ['SELECT', 'INSERT', 'DELETE'],
  },
};
