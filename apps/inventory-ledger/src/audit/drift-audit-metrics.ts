// Prometheus series of the drift audit, on the process registry served at /metrics. Only the
// instance that audits moves them; an alert on ledger_drift_mismatches_open > 0 (or on a rise of
// ledger_drift_mismatches_found_total) is the page for a balance that disagrees with its movements,
// and on ledger_drift_location_mismatches_open > 0 for a location's totals that disagree with its
// balances (its summary, valuation and page counts are then wrong).
import { metricsRegistry } from '@ledgerline/runtime';
import { Counter, Gauge } from 'prom-client';

export const driftAuditMetrics = {
  mismatchesOpen: new Gauge({
    name: 'ledger_drift_mismatches_open',
    help: 'Balance fields that disagree with the sum of their movements, as of their last check',
    registers: [metricsRegistry],
  }),
  mismatchesFound: new Counter({
    name: 'ledger_drift_mismatches_found_total',
    help: 'Balance fields found disagreeing with the sum of their movements where they agreed before',
    registers: [metricsRegistry],
  }),
  locationMismatchesOpen: new Gauge({
    name: 'ledger_drift_location_mismatches_open',
    help: "Locations' running totals (on hand, values, balances, states) that disagree with their balances, as of their last check",
    registers: [metricsRegistry],
  }),
  locationsVerified: new Counter({
    name: 'ledger_drift_locations_verified_total',
    help: "Locations whose running totals were checked against their balances",
    registers: [metricsRegistry],
  }),
  keysVerified: new Counter({
    name: 'ledger_drift_keys_verified_total',
    help: 'Balances checked against the sums of their movements; order: walk (the pass in key order) or recent (just written)',
    labelNames: ['order'] as const,
    registers: [metricsRegistry],
  }),
  movementsSummed: new Counter({
    name: 'ledger_drift_movements_summed_total',
    help: 'Movements summed by the drift audit',
    registers: [metricsRegistry],
  }),
  passProgress: new Gauge({
    name: 'ledger_drift_pass_progress_ratio',
    help: 'Share of the balances the current pass has checked, against its estimate of their number',
    registers: [metricsRegistry],
  }),
  lastPassDuration: new Gauge({
    name: 'ledger_drift_last_full_pass_duration_seconds',
    help: 'Wall time of the last completed pass over every balance',
    registers: [metricsRegistry],
  }),
  lastPassFinished: new Gauge({
    name: 'ledger_drift_last_full_pass_finished_timestamp_seconds',
    help: 'When the last pass over every balance completed (Unix time): alert when it grows old',
    registers: [metricsRegistry],
  }),
};
