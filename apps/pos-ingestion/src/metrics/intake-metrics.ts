// Prometheus metrics of the intake, on the process registry served at /metrics.
import { metricsRegistry } from '@ledgerline/runtime';
import { Counter, Histogram } from 'prom-client';

export const intakeMetrics = {
  accepted: new Counter({
    name: 'pos_transactions_accepted_total',
    help: 'POS transactions accepted for publication, by channel',
    labelNames: ['channel'],
    registers: [metricsRegistry],
  }),
  duplicates: new Counter({
    name: 'pos_transactions_duplicate_total',
    help: 'POS transactions received again with the same content (not published again), by channel',
    labelNames: ['channel'],
    registers: [metricsRegistry],
  }),
  conflicts: new Counter({
    name: 'pos_transactions_conflict_total',
    help: 'POS transactions whose id was already used for different content, by channel',
    labelNames: ['channel'],
    registers: [metricsRegistry],
  }),
  rejected: new Counter({
    name: 'pos_transactions_rejected_total',
    help: 'POS transactions refused, by channel and reason code',
    labelNames: ['channel', 'code'],
    registers: [metricsRegistry],
  }),
  movementsPublished: new Counter({
    name: 'pos_movements_published_total',
    help: 'Inventory movements published, by path (intake or republisher)',
    labelNames: ['path'],
    registers: [metricsRegistry],
  }),
  publishSeconds: new Histogram({
    name: 'pos_publish_latency_seconds',
    help: 'Time from handing movements to Kafka until the broker acknowledged them',
    labelNames: ['path'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metricsRegistry],
  }),
  unavailable: new Counter({
    name: 'pos_requests_unavailable_total',
    help: 'HTTP requests answered 503, by cause: kafka (INTAKE.UNAVAILABLE, no acknowledgement within the bound), catalog (MOVEMENTS.CATALOG_CATCHING_UP) or other (INTAKE.UNAVAILABLE: the database, a fault)',
    labelNames: ['cause'],
    registers: [metricsRegistry],
  }),
  rateLimited: new Counter({
    name: 'pos_requests_rate_limited_total',
    help: 'HTTP requests refused with 429 because their credential exceeded its rate',
    registers: [metricsRegistry],
  }),
};
