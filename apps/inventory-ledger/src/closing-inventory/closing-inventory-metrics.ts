// Prometheus series of the closing inventory builds, on the process registry served at /metrics.
// Only the instance building moves them; a close whose keys stay pending is a build that stopped
// (its errors are in the log).
import { metricsRegistry } from '@ledgerline/runtime';
import { Counter, Gauge } from 'prom-client';

export const closingInventoryMetrics = {
  keysDone: new Gauge({
    name: 'ledger_closing_inventory_keys_done',
    help: "Keys the closing inventory build of a close (by its closed-through day) has read",
    labelNames: ['through'] as const,
    registers: [metricsRegistry],
  }),
  keysPending: new Gauge({
    name: 'ledger_closing_inventory_keys_pending',
    help: 'Keys the closing inventory build of a close has still to read, against its count of the keys at its start; 0 once built',
    labelNames: ['through'] as const,
    registers: [metricsRegistry],
  }),
  pages: new Counter({
    name: 'ledger_closing_inventory_pages_total',
    help: 'Pages of closing inventory builds committed',
    registers: [metricsRegistry],
  }),
};
