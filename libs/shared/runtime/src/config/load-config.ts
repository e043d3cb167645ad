// Configuration is read once at start from the environment, validated, and injected. A service
// with a bad variable refuses to start with one line per problem naming the variable.
import { z } from 'zod';

export class ConfigurationError extends Error {
  readonly code = 'CONFIG.INVALID';

  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export function loadConfig<Schema extends z.ZodType>(schema: Schema, env: NodeJS.ProcessEnv = process.env): z.output<Schema> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.length > 0 ? String(issue.path[0]) : '(environment)';
    const value = issue.path.length > 0 ? env[variable] : undefined;
    return value === undefined ? `${variable}: ${issue.message}` : `${variable}=${redactValue(variable, value)}: ${issue.message}`;
  });
  throw new ConfigurationError(problems);
}

function redactValue(variable: string, value: string): string {
  return /SECRET|PASSWORD|TOKEN|KEY|CREDENTIAL|_URL/i.test(variable) ? '<redacted>' : JSON.stringify(value);
}

const commaSeparated = z
  .string()
  .trim()
  .min(1, 'must list at least one host:port')
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1));

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
const milliseconds = (fallback: number, min = 1, max = 3_600_000) => z.coerce.number().int().min(min).max(max).default(fallback);

/** Variables every service shares; each service extends this with its own. */
export const baseConfigShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  KAFKA_BROKERS: commaSeparated.default(['127.0.0.1:9092']),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'may contain only letters, digits, dot, underscore and dash')
    .default(''),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
    .default('postgres://postgres@127.0.0.1:5432/postgres')
    .describe("The running service's connection; its user must be the service's own login role (not a superuser nor the schema owner)"),
  DATABASE_OWNER_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
    .optional()
    .describe("The schema owner's connection: migrations run as it, then the login role of DATABASE_URL gets its grants. Unset, the service only checks that no migration is pending"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  INSTANCE_ID: z.string().min(1).optional(),
  SHUTDOWN_TIMEOUT_MS: milliseconds(30_000, 1_000).describe('A graceful shutdown that takes longer ends with the process exiting anyway'),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(30_000, 0).describe("PostgreSQL cancels a statement of the service that runs longer (statement_timeout); 0 leaves the database's own setting"),
  DATABASE_LOCK_TIMEOUT_MS: milliseconds(10_000, 0).describe("PostgreSQL cancels a statement that waits longer for a lock (lock_timeout); 0 leaves the database's own setting"),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds(60_000, 1_000).describe('PostgreSQL ends a session idle this long inside a transaction'),
  DATABASE_CONNECT_TIMEOUT_MS: milliseconds(5_000, 100).describe('Longest wait for a new connection or for a free one from the pool'),
  KAFKA_REQUEST_TIMEOUT_MS: milliseconds(30_000, 1_000).describe('Longest wait for a Kafka broker to answer one request'),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(16).optional().describe("Replicas of every topic the service creates, and the least it accepts on an existing one; unset: 3 from three live brokers on, else the brokers' count"),
  KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(16).optional().describe('min.insync.replicas of every topic the service creates, and the least it accepts; unset: 2 when the replication factor is 3 or more, else 1'),
};

/** The PostgreSQL timeouts of a service's connections, from its configuration. */
export type DatabaseTimeoutSettings = 'DATABASE_STATEMENT_TIMEOUT_MS' | 'DATABASE_LOCK_TIMEOUT_MS' | 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS' | 'DATABASE_CONNECT_TIMEOUT_MS';

/** For `schema.pick(...)`: the settings databaseTimeoutsOf reads. */
export const DATABASE_TIMEOUT_SETTINGS = {
  DATABASE_STATEMENT_TIMEOUT_MS: true,
  DATABASE_LOCK_TIMEOUT_MS: true,
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: true,
  DATABASE_CONNECT_TIMEOUT_MS: true,
} as const satisfies Record<DatabaseTimeoutSettings, true>;

export function databaseTimeoutsOf(config: Pick<BaseConfig, DatabaseTimeoutSettings>): DatabaseTimeouts {
  return {
    statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    lockMs: config.DATABASE_LOCK_TIMEOUT_MS,
    idleInTransactionMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    connectMs: config.DATABASE_CONNECT_TIMEOUT_MS,
  };
}

export interface DatabaseTimeouts {
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
  connectMs: number;
}

export const httpPort = port;
export const baseConfigSchema = z.object(baseConfigShape);
export type BaseConfig = z.output<typeof baseConfigSchema>;
