// The simulator's options: command-line flags, with the environment supplying what services
// share (broker, topic prefix, admin key: a secret stays out of the process list). Read once and
// validated, so a typo fails at start with the option named.
import { parseArgs } from 'node:util';
import { z } from 'zod';

const brokers = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1));

const positive = (fallback: number) => z.coerce.number().positive().default(fallback);
const share = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

export const simulatorOptionsSchema = z
  .object({
    mode: z.enum(['synthetic', 'replay']).default('synthetic'),
    ingestionUrl: z.url().default('http://127.0.0.1:3001'),
    adminApiKey: z.string({ error: 'is required: set ADMIN_API_KEY to pos-ingestion\'s admin key' }).min(1),
    kafkaBrokers: brokers.default(['127.0.0.1:9092']),
    topicPrefix: z.string().regex(/^[A-Za-z0-9._-]*$/, 'may contain only letters, digits, dot, underscore and dash').default(''),
    rate: positive(20).describe('mean basket lines per second over all stores'),
    stores: z.coerce.number().int().min(1).max(999).default(3),
    terminals: z.coerce.number().int().min(1).max(99).default(2),
    skus: z.coerce.number().int().min(1).max(99_999).default(200),
    duration: z.coerce.number().min(0).default(0).describe('seconds; 0 runs until interrupted'),
    seed: z.coerce.number().int().min(0).default(42),
    runId: z.string().regex(/^[A-Za-z0-9]{1,12}$/, 'must be 1-12 letters or digits').optional(),
    dayLength: positive(600).describe('real seconds per simulated day of the demand pattern'),
    returnRate: share(0.03),
    voidRate: share(0.01),
    duplicateRate: share(0.02),
    offlineRate: share(0.002),
    leadTime: positive(30).describe('real seconds from purchase order to receipt'),
    openingCover: positive(900).describe('seconds of average demand stocked at the start'),
    // pos-ingestion refuses events older than its MAX_EVENT_AGE_DAYS (90 by default).
    historyDays: z.coerce.number().int().min(0).max(85).default(0).describe('completed days of past sales posted before live traffic'),
    statusEvery: positive(5),
    replayFile: z.string().min(1).default('../shared/data/online-retail/online-retail.csv.gz'),
    speedup: positive(3600),
    maxGap: positive(5).describe('longest real pause between replayed invoices, seconds'),
    replayOpeningQuantity: z.coerce.number().int().min(0).default(500),
    erp: z.boolean().default(true),
  })
  .refine((options) => options.returnRate + options.voidRate <= 0.5, { path: ['returnRate'], error: 'return-rate plus void-rate must be at most 0.5' });

export type SimulatorOptions = z.output<typeof simulatorOptionsSchema>;

export const USAGE = `Usage: node -r ./tools/ts-register.cjs tools/pos-simulator/src/main.ts [options]

Synthetic traffic (default):
  --rate <lines/s>        mean basket lines per second over all stores (20)
  --stores <n>            stores (3)            --terminals <n>   terminals per store (2)
  --skus <n>              catalog size (200)    --seed <n>        random seed (42)
  --duration <s>          stop after s seconds; 0 runs until Ctrl-C (0)
  --day-length <s>        real seconds per simulated day of the demand pattern (600)
  --return-rate, --void-rate, --duplicate-rate, --offline-rate <0..1>
  --lead-time <s>         purchase order to receipt, real seconds (30)
  --opening-cover <s>     seconds of average demand stocked at the start (900)
  --history-days <n>      post n completed days of past sales before live traffic, so
                          forecasts have demand to fit (0; at most 85)
  --run-id <id>           prefix of transaction and document ids (derived from the start time)
Replay of a real transaction file:
  --replay [file]         replay the Online Retail file (../shared/data/online-retail/online-retail.csv.gz)
  --speedup <x>           data seconds per real second (3600)
  --max-gap <s>           longest real pause between invoices (5)
Both:
  --ingestion-url <url>   pos-ingestion (http://127.0.0.1:3001)
  --no-erp                publish nothing to Kafka (no catalog, receipts or purchasing)
  --status-every <s>      status line interval (5)
Environment: ADMIN_API_KEY (required), KAFKA_BROKERS, KAFKA_TOPIC_PREFIX, POS_INGESTION_URL.`;

const FLAG_NAMES = [
  'rate', 'stores', 'terminals', 'skus', 'duration', 'seed', 'run-id', 'day-length', 'return-rate', 'void-rate', 'duplicate-rate',
  'offline-rate', 'lead-time', 'opening-cover', 'history-days', 'status-every', 'speedup', 'max-gap', 'replay-opening-quantity', 'ingestion-url',
] as const;

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

export class OptionsError extends Error {
  readonly code = 'SIMULATOR.INVALID_OPTIONS';
}

/** Parses argv (without node and script) and the environment; throws OptionsError naming each bad option. */
export function parseSimulatorOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SimulatorOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...Object.fromEntries(FLAG_NAMES.map((name) => [name, { type: 'string' as const }])),
        replay: { type: 'boolean' },
        'no-erp': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new OptionsError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const positionals = parsed.positionals;
  if (values['help']) return 'help';
  if (positionals.length > (values['replay'] ? 1 : 0)) throw new OptionsError(`unexpected argument ${positionals.join(' ')}\n\n${USAGE}`);

  const raw: Record<string, unknown> = {
    adminApiKey: env['ADMIN_API_KEY'],
    kafkaBrokers: env['KAFKA_BROKERS'],
    topicPrefix: env['KAFKA_TOPIC_PREFIX'],
    ingestionUrl: env['POS_INGESTION_URL'],
  };
  for (const name of FLAG_NAMES) if (values[name] !== undefined) raw[camel(name)] = values[name];
  if (values['replay']) {
    raw['mode'] = 'replay';
    if (positionals[0]) raw['replayFile'] = positionals[0];
  }
  if (values['no-erp']) raw['erp'] = false;

  const result = simulatorOptionsSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const name = { adminApiKey: 'ADMIN_API_KEY', kafkaBrokers: 'KAFKA_BROKERS', topicPrefix: 'KAFKA_TOPIC_PREFIX' }[key] ?? `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    return `  - ${name}: ${issue.message}`;
  });
  throw new OptionsError(`Invalid options:\n${problems.join('\n')}`);
}

/** Run ids default to the start time in base 36: unique per run, short enough for transaction ids. */
export function defaultRunId(now: Date): string {
  return Math.floor(now.getTime() / 1000).toString(36);
}
