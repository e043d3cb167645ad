// The inventory-ledger's configuration, read once from the environment and validated at start.
import { z } from 'zod';
import { baseConfigShape, deadLetterRetentionMs, httpPort, loadConfig } from '@ledgerline/runtime';
import { FAULT_INJECTION_PATTERN } from '../ledger/fault-injection';

/** The currency a ledger values stock in when VALUATION_CURRENCY is not set. */
export const DEFAULT_VALUATION_CURRENCY = 'EUR';

export const ledgerConfigSchema = z.object({
  ...baseConfigShape,
  VALUATION_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 currency code in upper case, e.g. "EUR"')
    .default(DEFAULT_VALUATION_CURRENCY)
    .describe('Currency of every value this ledger keeps; a cost in another currency needs its exchange rate (docs/valuation.md)'),
  HTTP_PORT: httpPort(3002),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier').default('inventory_ledger'),
  KAFKA_GROUP_ID: z.string().min(1).default('inventory-ledger'),
  MOVEMENTS_PARTITIONS: z.coerce.number().int().min(1).max(256).default(6),
  PARTITIONS_CONSUMED_CONCURRENTLY: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(6)
    .describe('Partition batches of one fetch handed over at once; at least the partitions an instance holds, so they can be applied together'),
  BATCH_TRANSACTIONS_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(3)
    .describe('Ledger transactions running at once; batches handed over meanwhile wait and go together in the next one'),
  COMBINED_BATCH_MAX_MOVEMENTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(5_000)
    .describe('Partition batches are combined into one transaction up to this many movements; a larger batch goes alone'),
  KAFKA_FETCH_MIN_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(16_777_216)
    .default(65_536)
    .describe('A movements fetch waits for this many bytes (or KAFKA_FETCH_MAX_WAIT_MS): fewer, larger batches under load'),
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .max(5_000)
    .default(20)
    .describe('The longest a movements fetch waits for KAFKA_FETCH_MIN_BYTES while movements keep coming; after an empty fetch the consumer long-polls on one byte, so the first movement after a quiet spell waits for nothing'),
  OUTBOX_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(50_000)
    .default(10_000)
    .describe(
      'Events per outbox relay send. Each send costs a read, a produce and a mark whatever its size, and under live load the outbox holds many small batches: at 2,000 the relay fell behind a 5,000 lines/s POS load',
    ),
  OUTBOX_IDLE_POLL_MS: z.coerce.number().int().min(5).max(10_000).default(100),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6_000)
    .max(300_000)
    .default(30_000)
    .describe('Silence after which a crashed instance loses its partitions to the others'),
  FAULT_INJECTION: z
    .string()
    .regex(FAULT_INJECTION_PATTERN, 'must be "before-db-commit@<batch>" or "after-db-commit@<batch>"')
    .optional()
    .describe('Fault tests only: die like kill -9 at this point of this batch'),
  CATALOG_PARTITIONS: z.coerce.number().int().min(1).max(64).default(3),
  CATALOG_START_READ_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(30_000)
    .describe('At start, how long movements wait for the catalog to be applied up to where it ended then'),
  DRIFT_AUDIT_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true')
    .describe('Re-check every balance against the sums of its movements in the background (one instance at a time)'),
  DRIFT_AUDIT_KEYS_PER_CHUNK: z.coerce
    .number()
    .int()
    .min(1)
    .max(50_000)
    .default(500)
    .describe('Balances checked by one statement: one snapshot, one round trip, bounded work'),
  DRIFT_AUDIT_MOVEMENTS_PER_CHUNK: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000_000)
    .default(100_000)
    .describe('A chunk takes no further balance once this many movements are to be summed (its first balance always goes): keys with long histories make shorter chunks'),
  DRIFT_AUDIT_CHUNK_PAUSE_MS: z.coerce.number().int().min(0).max(600_000).default(250).describe('Least rest after every chunk'),
  DRIFT_AUDIT_MAX_BUSY_SHARE: z.coerce
    .number()
    .gt(0)
    .max(1)
    .default(0.05)
    .describe('Share of wall time the audit may spend checking: after a chunk that took t it rests t x (1/share - 1), at least DRIFT_AUDIT_CHUNK_PAUSE_MS'),
  MOVEMENT_PARTITIONS_AHEAD: z.coerce
    .number()
    .int()
    .min(1)
    .max(24)
    .default(2)
    .describe('Monthly movement partitions kept created ahead of the current month, at start and by a timer'),
  MOVEMENT_PARTITIONS_CHECK_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(86_400_000)
    .default(3_600_000)
    .describe('How often the ledger creates missing movement partitions ahead and checks that the DEFAULT partition stays empty'),
  DRIFT_AUDIT_PASS_PAUSE_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 86_400_000)
    .default(86_400_000)
    .describe('Rest between the end of one full pass and the start of the next; recently written keys are still checked meanwhile'),
  DRIFT_AUDIT_RECENT_KEYS: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(10_000)
    .describe('Recently written keys held for an early check; beyond it the oldest wait for the walk'),
  DEAD_LETTER_RETENTION_MS: deadLetterRetentionMs,
  ADMIN_API_KEY: z
    .string()
    .min(24, 'must be at least 24 characters')
    .optional()
    .describe('A configured credential holding the admin scope only (dead letters, credentials); issued credentials work without it'),
  VALUATION_FOLD_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(600_000)
    .default(1_000)
    .describe('How soon after a batch its valuation deltas are folded into the running totals; queries are exact either way'),
  VALUATION_FOLD_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(10_000).describe('Valuation delta rows folded per statement'),
  CLOSING_INVENTORY_PAGE_KEYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(50_000)
    .default(2_000)
    .describe("Keys one page of a close's closing inventory build reads: one statement, one snapshot, bounded work"),
  CLOSING_INVENTORY_PAGES_PER_SECOND: z.coerce
    .number()
    .gt(0)
    .max(1_000)
    .default(2)
    .describe("Most pages of a closing inventory build per second: the build rests between pages so it never starves the ledger's own work"),
  RESERVATION_DEFAULT_HOLD_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(90 * 24 * 3_600_000)
    .default(900_000)
    .describe('How long a reservation holds its stock when the request names no expiry'),
  RESERVATION_EXPIRY_CHECK_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(600_000)
    .default(5_000)
    .describe('The longest an expired reservation keeps holding stock: each instance checks at least this often, sooner when one it knows of falls due'),
  RESERVATION_BATCH_MAX: z.coerce
    .number()
    .int()
    .min(1)
    .max(5_000)
    .default(250)
    .describe('Reserve requests decided together in one transaction at most: those that queued while earlier batches were decided'),
  RESERVATION_BATCHES_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(2)
    .describe('Batches of reserve requests each instance decides at once, each on a connection of its own'),
  RESERVATION_EXPIRY_BATCH: z.coerce.number().int().min(1).max(100_000).default(500).describe('Reservations expired per statement'),
  RESERVATION_REQUEST_KEEP_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(366 * 24 * 3_600_000)
    .default(7 * 24 * 3_600_000)
    .describe('How long a reservation request is remembered by its Idempotency-Key: a retry within it is answered as the first was; later, the key is free again'),
  RESERVATION_REQUEST_PRUNE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(500)
    .max(24 * 3_600_000)
    .default(3_600_000)
    .describe('How often each instance deletes the requests older than RESERVATION_REQUEST_KEEP_MS, in batches, oldest first'),
});

export type LedgerConfig = z.output<typeof ledgerConfigSchema>;
export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  return loadConfig(ledgerConfigSchema, env);
}
