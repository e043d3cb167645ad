// The ops dashboard's configuration, read once from the environment and validated at start.
import { z } from 'zod';
import { baseConfigShape, httpPort, loadConfig } from '@ledgerline/runtime';

const serviceUrl = (fallback: string) => z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).default(fallback);

export const dashboardConfigSchema = z.object({
  ...baseConfigShape,
  HTTP_PORT: httpPort(3000),
  POS_INGESTION_URL: serviceUrl('http://127.0.0.1:3001'),
  INVENTORY_LEDGER_URL: serviceUrl('http://127.0.0.1:3002'),
  REORDER_FORECASTING_URL: serviceUrl('http://127.0.0.1:3003'),
  /** A pos-ingestion credential with rejections:read and counts:read, for its recent rejections, a location's record accuracy and its count list of the day; without it those panels say so. */
  POS_INGESTION_CREDENTIAL: z.string().min(1).optional(),
  /** An inventory-ledger credential with the stock:read scope, for its drift audit and the search, item and location pages; without it they say so. */
  INVENTORY_LEDGER_CREDENTIAL: z.string().min(1).optional(),
  /** A reorder-forecasting credential with the forecast:read scope, for the item page's demand and forecast and the location page's days of cover. */
  REORDER_FORECASTING_CREDENTIAL: z.string().min(1).optional(),
  /** Admin-scope credentials of the services, for the dead-letter actions (see, replay, discard); without one that service's letters can only be counted. */
  POS_INGESTION_ADMIN_CREDENTIAL: z.string().min(1).optional(),
  INVENTORY_LEDGER_ADMIN_CREDENTIAL: z.string().min(1).optional(),
  REORDER_FORECASTING_ADMIN_CREDENTIAL: z.string().min(1).optional(),
  /** The dashboard's own schema: its service credentials, the alert acknowledgements and the alert log. */
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier').default('ops_dashboard'),
  /** A configured credential holding the admin scope only (issuing the dashboard's credentials); issued credentials work without it. */
  ADMIN_API_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  REFRESH_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /**
   * While no topic grows and no consumer lags: how often the services, the drift check and the
   * consumer groups' offsets are asked, and how often an unchanged page gets a heartbeat.
   */
  IDLE_REFRESH_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /**
   * While no page is open and no snapshot was asked for within IDLE_REFRESH_INTERVAL_MS: how often
   * the broker is still asked (readiness says whether it answers). The services are not asked at
   * all then; the first page or snapshot afterwards waits for them and the broker.
   */
  UNWATCHED_REFRESH_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  HISTORY_SECONDS: z.coerce.number().int().min(10).max(3_600).default(300),
  SERVICE_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
  TOP_N: z.coerce.number().int().min(1).max(500).default(15),
  RECENT_EVENTS: z.coerce.number().int().min(1).max(1_000).default(50),
  /** How long the alert log keeps an occurrence: the alerts list reaches back this far. */
  ALERT_LOG_KEEP_DAYS: z.coerce.number().int().min(1).max(3_650).default(400),
  /** How often occurrences older than ALERT_LOG_KEEP_DAYS are deleted, in batches, oldest first. */
  ALERT_LOG_PRUNE_INTERVAL_MS: z.coerce.number().int().min(500).max(86_400_000).default(3_600_000),
});

export type DashboardConfig = z.output<typeof dashboardConfigSchema>;
export const DASHBOARD_CONFIG = Symbol('DASHBOARD_CONFIG');

export function loadDashboardConfig(env: NodeJS.ProcessEnv = process.env): DashboardConfig {
  return loadConfig(dashboardConfigSchema, env);
}
