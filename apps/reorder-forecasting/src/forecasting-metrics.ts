// Prometheus counters of the service, registered with the shared registry behind GET /metrics.
import { Counter } from 'prom-client';
import { metricsRegistry } from '@ledgerline/runtime';

export const forecastingMetrics = {
  suggestions: new Counter({
    name: 'ledgerline_reorder_suggestions_total',
    help: 'Reorder suggestion events written to the outbox, by status',
    labelNames: ['status'],
    registers: [metricsRegistry],
  }),
  stockChanges: new Counter({
    name: 'ledgerline_forecasting_stock_changes_total',
    help: 'Stock-changed events consumed, by outcome (applied or duplicate)',
    labelNames: ['outcome'],
    registers: [metricsRegistry],
  }),
  refits: new Counter({
    name: 'ledgerline_forecast_refits_total',
    help: 'Item/location forecasts refitted, by outcome',
    labelNames: ['outcome'],
    registers: [metricsRegistry],
  }),
};
