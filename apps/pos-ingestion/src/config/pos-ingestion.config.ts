// Configuration of pos-ingestion: read once from the environment at start, validated, then
// injected (POS_INGESTION_CONFIG). The only place in the service that reads process.env.
import { baseConfigShape, deadLetterRetentionMs, httpPort, loadConfig } from '@ledgerline/runtime';
import { z } from 'zod';
import { isMoneyString } from '@ledgerline/money';
import { FAULT_INJECTION_PATTERN } from '../intake/fault-injection';

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const wholeUnits = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const percent = (fallback: number) => z.coerce.number().min(0).max(10_000).default(fallback);
const moneyAmount = (fallback: string) =>
  z
    .string()
    .refine((text) => isMoneyString(text) && !text.startsWith('-'), 'must be a non-negative amount such as "50.00"')
    .default(fallback);

export const posIngestionConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: httpPort(3001),
  HTTP_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'must be a size such as "4mb" or "512kb"')
    .default('4mb'),
  ADMIN_API_KEY: z.string({ error: 'is required: the configured credential of the admin scope (stores, keys, credentials)' }).min(24, 'must be at least 24 characters'),
  RATE_LIMIT_PER_SECOND: positiveInt(50).describe('Sustained requests per second per credential'),
  RATE_LIMIT_BURST: positiveInt(100).describe('Requests a credential may send at once after being idle'),
  MAX_EVENT_AGE_DAYS: positiveInt(90),
  MAX_CLOCK_SKEW_MINUTES: z.coerce.number().int().min(0).default(5),
  KAFKA_GROUP_ID: z.string().min(1).default('pos-ingestion'),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6_000)
    .max(300_000)
    .default(30_000)
    .describe('Silence after which a crashed instance loses its raw-topic partitions; a restarted instance waits that long to join'),
  TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(256).default(6).describe('Partitions of the topics created at start (the raw POS and movements topics)'),
  CATALOG_PARTITIONS: z.coerce.number().int().min(1).max(64).default(3).describe('Partitions of the compacted catalog topics when pos-ingestion creates them (it starts before the ledger); as the ledger creates them'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier')
    .default('pos_ingestion'),
  DEAD_LETTER_RETENTION_MS: deadLetterRetentionMs,
  REPUBLISH_INTERVAL_MS: positiveInt(1_000).describe('How often the republisher looks for unpublished transactions'),
  REPUBLISH_AFTER_MS: positiveInt(5_000).describe('Age after which an unpublished transaction is left to the republisher'),
  INTAKE_PUBLISH_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(500)
    .max(60_000)
    .default(10_000)
    .describe('Longest a POS request waits for Kafka to acknowledge its movements before it is answered 503 INTAKE.UNAVAILABLE'),
  CSV_UPLOAD_MAX_BYTES: positiveInt(1_073_741_824).describe('Largest CSV file /v1/imports reads (1 GiB); beyond it the upload stops with 413 CSV.TOO_LARGE'),
  COUNT_DAILY_BUDGET: positiveInt(20).describe('Items a location counts per day on its cycle-count list'),
  COUNT_CYCLE_DAYS_A: positiveInt(30).describe('Longest gap in days between two counts of a class A item'),
  COUNT_CYCLE_DAYS_B: positiveInt(90).describe('Longest gap in days between two counts of a class B item'),
  COUNT_CYCLE_DAYS_C: positiveInt(180).describe('Longest gap in days between two counts of a class C item'),
  COUNT_ABC_A_PERCENT: z.coerce.number().int().min(1).max(100).default(80).describe('Share of a location\'s usage value (units sold times unit cost) that class A covers'),
  COUNT_ABC_AB_PERCENT: z.coerce.number().int().min(1).max(100).default(95).describe('Share classes A and B cover together'),
  COUNT_SIGNAL_WINDOW_DAYS: positiveInt(28).describe('Days of sales, count variances and adjustments the classes and risk scores look back on'),
  COUNT_RECOUNT_UNITS: wholeUnits(2).describe('A variance of more units than this asks for a recount'),
  COUNT_RECOUNT_PERCENT: percent(5).describe('A variance above this percentage of the book asks for a recount'),
  COUNT_RECOUNT_VALUE: moneyAmount('50.00').describe('A variance worth more than this asks for a recount'),
  COUNT_APPROVAL_UNITS: wholeUnits(10).describe('A recount still differing by more units than this waits for approval'),
  COUNT_APPROVAL_PERCENT: percent(25).describe('A recount still differing by more than this percentage of the book waits for approval'),
  COUNT_APPROVAL_VALUE: moneyAmount('500.00').describe('A recount still differing by more value than this waits for approval'),
  SHUTDOWN_DRAIN_TIMEOUT_MS: positiveInt(10_000).describe('How long shutdown waits for requests in flight'),
  FAULT_INJECTION: z
    .string()
    .regex(FAULT_INJECTION_PATTERN, 'must be "after-kafka-ack@<publication>"')
    .optional()
    .describe('Fault tests only: die like kill -9 right after Kafka acknowledged this publication'),
});

export type PosIngestionConfig = z.output<typeof posIngestionConfigSchema>;

/** Injection token of the validated configuration. */
export const POS_INGESTION_CONFIG = Symbol('POS_INGESTION_CONFIG');

/** Throws ConfigurationError naming every invalid variable. */
export function loadPosIngestionConfig(env: NodeJS.ProcessEnv = process.env): PosIngestionConfig {
  return loadConfig(posIngestionConfigSchema, env);
}
