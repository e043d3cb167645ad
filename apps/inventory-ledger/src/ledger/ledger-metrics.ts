// Prometheus series of the ledger's writer, on the process registry served at /metrics.
import { metricsRegistry } from '@ledgerline/runtime';
import { Counter } from 'prom-client';

export const ledgerMetrics = {
  balanceConflicts: new Counter({
    name: 'ledger_balance_write_conflicts_total',
    help: 'Batches applied a second time, balances locked, because another transaction wrote one of their balances first',
    registers: [metricsRegistry],
  }),
};
