// The reorder-forecasting service's configuration, read once from the environment and validated
// at start. The DEFAULT_* variables form the policy of every item/location without its own.
import { z } from 'zod';
import { nonNegativeMoneySchema } from '@ledgerline/contracts';
import { baseConfigShape, deadLetterRetentionMs, httpPort, loadConfig } from '@ledgerline/runtime';
import type { ItemPolicy } from '../domain/item-policy';

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const positiveCount = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const nonNegativeNumber = (fallback: number, max: number) => z.coerce.number().min(0).max(max).default(fallback);

export const forecastingConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: httpPort(3003),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier').default('reorder_forecasting'),
  KAFKA_GROUP_ID: z.string().min(1).default('reorder-forecasting'),
  /** Partitions of the topics this service creates when they are missing (same as the ledger's). */
  STOCK_TOPIC_PARTITIONS: positiveCount(6, 256),
  SUGGESTION_TOPIC_PARTITIONS: positiveCount(3, 256),
  PARTITIONS_CONSUMED_CONCURRENTLY: positiveCount(2, 64),
  OUTBOX_BATCH_SIZE: positiveCount(500, 10_000),
  /**
   * How often the relay looks for unsent suggestion events on its own. Commits in this process
   * wake it at once; the poll only finds what another instance wrote or a failure left behind.
   */
  OUTBOX_IDLE_POLL_MS: z.coerce.number().int().min(5).max(10_000).default(1_000),
  /** How long the broker may hold a fetch that finds nothing new; records that arrive are answered at once. */
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(10).max(10_000).default(1_000),
  /** How often the schedule refits the series that are due; 0 turns it off (refits then run on demand only). */
  REFIT_INTERVAL_MS: z.coerce.number().int().min(0).max(24 * 3_600_000).default(60_000),
  /** At most this many series refitted per run of the schedule, most overdue first. */
  REFIT_MAX_SERIES_PER_TICK: positiveCount(1_000, 1_000_000),
  /** A fit older than this is due again even without new demand. */
  REFIT_STALE_AFTER_MS: z.coerce.number().int().min(60_000).max(30 * 24 * 3_600_000).default(24 * 3_600_000),
  /** A series whose refit failed is tried again after this long, so it does not hold the front of the queue. */
  REFIT_RETRY_AFTER_MS: z.coerce.number().int().min(1_000).max(7 * 24 * 3_600_000).default(3_600_000),
  /** Days of daily demand a fit looks back over. */
  HISTORY_DAYS: positiveCount(365, 3_650),
  FORECAST_HORIZON_DAYS: positiveCount(28, 366),
  /** Days held out at the end of the history to measure accuracy (MASE, bias). */
  HOLDOUT_DAYS: positiveCount(14, 90),
  /** Time zone whose calendar days the demand is bucketed into (IANA name). */
  DEMAND_TIME_ZONE: z.string().min(1).refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin or UTC').default('UTC'),
  /** Whether stock in transit to a location counts towards its stock position. */
  POSITION_INCLUDES_IN_TRANSIT: z.stringbool().default(true),
  /** An open suggestion is re-published ('updated') only when its quantity grows by at least this share. */
  SUGGESTION_MATERIAL_GROWTH: nonNegativeNumber(0.25, 100),
  /** How many observations the configured lead time counts as when blended with observed ones. */
  LEAD_TIME_PRIOR_WEIGHT: nonNegativeNumber(3, 1_000),
  /** Most recent order-to-receipt times used for learning. */
  LEAD_TIME_MAX_OBSERVATIONS: positiveCount(20, 1_000),
  DEFAULT_LEAD_TIME_DAYS: nonNegativeNumber(7, 365),
  DEFAULT_LEAD_TIME_STD_DEV_DAYS: nonNegativeNumber(1, 365),
  DEFAULT_SERVICE_LEVEL: z.coerce.number().min(0.5).lt(1).default(0.95),
  DEFAULT_REVIEW_PERIOD_DAYS: nonNegativeNumber(0, 365),
  DEFAULT_PACK_SIZE: positiveCount(1, 1_000_000),
  DEFAULT_MINIMUM_ORDER_QUANTITY: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  DEFAULT_ORDERING_COST: nonNegativeMoneySchema.default('25.0000'),
  /** Cost of holding one unit for a year, as a share of its unit cost. */
  DEFAULT_HOLDING_COST_RATE: nonNegativeNumber(0.25, 10),
  DEFAULT_UNIT_COST: nonNegativeMoneySchema.default('10.0000'),
  DEFAULT_ORDER_QUANTITY_RULE: z.enum(['economic', 'order-up-to']).default('economic'),
  DEAD_LETTER_RETENTION_MS: deadLetterRetentionMs,
  /** A configured credential holding the admin scope only (dead letters, credentials); issued credentials work without it. */
  ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Refit requests (POST /v1/forecasts/refit) each credential may make per minute, sustained; a refit is expensive. */
  REFIT_REQUESTS_PER_MINUTE: z.coerce.number().min(0.1).max(60_000).default(12),
  /** Refit requests a credential may make at once before the per-minute rate applies. */
  REFIT_REQUESTS_BURST: positiveCount(5, 10_000),
});

export type ForecastingConfig = z.output<typeof forecastingConfigSchema>;
export const FORECASTING_CONFIG = Symbol('FORECASTING_CONFIG');

export function loadForecastingConfig(env: NodeJS.ProcessEnv = process.env): ForecastingConfig {
  return loadConfig(forecastingConfigSchema, env);
}

/** The policy of every item/location that has no policy of its own. */
export function defaultPolicyOf(config: ForecastingConfig): ItemPolicy {
  return {
    leadTimeDays: config.DEFAULT_LEAD_TIME_DAYS,
    leadTimeStdDevDays: config.DEFAULT_LEAD_TIME_STD_DEV_DAYS,
    serviceLevel: config.DEFAULT_SERVICE_LEVEL,
    reviewPeriodDays: config.DEFAULT_REVIEW_PERIOD_DAYS,
    packSize: config.DEFAULT_PACK_SIZE,
    minimumOrderQuantity: config.DEFAULT_MINIMUM_ORDER_QUANTITY,
    orderingCost: config.DEFAULT_ORDERING_COST,
    holdingCostRate: config.DEFAULT_HOLDING_COST_RATE,
    unitCost: config.DEFAULT_UNIT_COST,
    orderQuantityRule: config.DEFAULT_ORDER_QUANTITY_RULE,
  };
}
