// Prometheus series shared by every batch consumer, labelled by consumer name.
import { metricsRegistry } from '@ledgerline/runtime';
import { Counter, Gauge, Histogram } from 'prom-client';

export const consumerMetrics = {
  consumed: new Counter({
    name: 'ledgerline_messages_consumed_total',
    help: 'Messages taken from Kafka and processed (including dead-lettered ones)',
    labelNames: ['consumer', 'topic'],
    registers: [metricsRegistry],
  }),
  batchSeconds: new Histogram({
    name: 'ledgerline_batch_processing_seconds',
    help: 'Time to process one fetched batch, from fetch to offset commit',
    labelNames: ['consumer'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metricsRegistry],
  }),
  deadLetters: new Counter({
    name: 'ledgerline_dead_letters_total',
    help: 'Messages set aside on a dead-letter topic, by reason code',
    labelNames: ['consumer', 'reason_code'],
    registers: [metricsRegistry],
  }),
  errors: new Counter({
    name: 'ledgerline_consumer_errors_total',
    help: 'Failed processing attempts (each retry counts), by failure: SQLSTATE, error code or class',
    labelNames: ['consumer', 'failure'],
    registers: [metricsRegistry],
  }),
  stalledPartitions: new Gauge({
    name: 'ledgerline_consumer_stalled_partitions',
    help: 'Partitions whose batch failed for a reason not its own and waits to be tried again (nothing past it is committed)',
    labelNames: ['consumer'],
    registers: [metricsRegistry],
  }),
  stalledSince: new Gauge({
    name: 'ledgerline_consumer_stalled_since_seconds',
    help: 'Unix time at which the longest-stalled partition first failed; 0 when none is stalled',
    labelNames: ['consumer'],
    registers: [metricsRegistry],
  }),
  lag: new Gauge({
    name: 'ledgerline_consumer_lag',
    help: 'Messages behind the partition high watermark after the last processed batch',
    labelNames: ['consumer', 'topic', 'partition'],
    registers: [metricsRegistry],
  }),
};
