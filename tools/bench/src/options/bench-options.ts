// What one bench run measures and how big each scenario is. Every size has a full-run default, a
// quick-mode default (small enough for the whole harness to finish well under two minutes), an
// environment variable and a command-line flag; a flag wins over the variable, which wins over
// the defaults.

export const SCENARIOS = ['limits', 'ledger', 'end-to-end', 'forecasting', 'history', 'reservations'] as const;
/** Where the history scenario's movements come from: the real online-retail year, generated ones, or each in turn. */
export const HISTORY_SOURCES = ['online-retail', 'generated', 'both'] as const;
export type HistorySource = (typeof HISTORY_SOURCES)[number];
/** How the history reaches the ledger: published on the movements topic, or through the ledger's bulk-load command. */
export const HISTORY_LOADS = ['topic', 'bulk'] as const;
export type HistoryLoad = (typeof HISTORY_LOADS)[number];
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchOptions {
  quick: boolean;
  only: ScenarioName[];
  /** Repetitions of the limits and ledger scenarios; the table shows medians. */
  repeat: number;
  outputDir: string;
  /** When set, service child processes write V8 CPU profiles here. */
  cpuProfileDir: string | undefined;
  /** When set, each service's output (its JSON log lines) is written to `<name>.<time>.log` there. */
  serviceLogDir: string | undefined;
  /** When set, service child processes write allocation profiles (V8's sampling heap profiler) here. */
  allocationProfileDir: string | undefined;
  /** When set, services write a V8 CPU profile of the history scenario's idle window alone here. */
  idleCpuProfileDir: string | undefined;
  /** When set, the ledger's database logs statement durations to this server log, summarised after the run. */
  postgresLog: string | undefined;
  /** When set, the scenario's statements are summarised from pg_stat_statements after the run (where the server loads it). */
  pgStatements: boolean;
  /** Another checkout of the workspace to start the inventory-ledger from, to compare two versions. */
  ledgerCheckout: string | undefined;
  kafkaMessages: number;
  postgresRows: number;
  postgresBatchRows: number;
  ledgerMovements: number;
  skus: number;
  locations: number;
  partitions: number;
  partitionsConsumedConcurrently: number;
  /** The ledger's BATCH_TRANSACTIONS_IN_FLIGHT, and the connections of the PostgreSQL limit. */
  transactionsInFlight: number;
  /** inventory-ledger processes in one consumer group: Node runs each on one core. */
  ledgerInstances: number;
  databasePoolSize: number;
  endToEndLoads: number[];
  endToEndSeconds: number;
  saturationSeconds: number;
  saturationClients: number;
  transactionsPerRequest: number;
  linesPerTransaction: number;
  forecastSeries: number;
  forecastRuns: number;
  historySource: HistorySource;
  /** The online-retail file the history scenario replays. */
  historyFile: string;
  /**
   * How the generated history is loaded (the online-retail year always goes through the topic,
   * with its catalog): bulk at full size, where the topic would take most of an hour; the topic
   * in quick runs and when asked.
   */
  historyLoad: HistoryLoad;
  /** Keeps the history scenario's database (and prints its name) for a look at it afterwards. */
  keepDatabase: boolean;
  /** Invoices of the file to load (the whole year has about 25,900). */
  historyRetailInvoices: number;
  historyMovements: number;
  /** SKU/locations the generated movements are spread over. */
  historyKeys: number;
  historyIdleSeconds: number;
  /** How long to wait after the services caught up before the idle window opens (0: at once), so a service's own catch-up work (reorder-forecasting's first fits) ends first. */
  historyIdleSettleSeconds: number;
  /** Most requests per query endpoint, and the most time spent on one endpoint. */
  historyRequests: number;
  historyQuerySeconds: number;
  /** Items in the physical count at one location. */
  historyCountItems: number;
  /** How long to wait for the ledger's drift audit to complete a pass begun after the history was loaded. */
  historyAuditWaitSeconds: number;
  /** How long to wait, before the idle window, for reorder-forecasting to have no series due for a fit. */
  historyFitWaitSeconds: number;
  /** How long each phase of the reservations scenario offers its rate. */
  reservationSeconds: number;
  /** Reservation requests a second on one SKU/location. */
  reservationOneKeyRate: number;
  /** Reservation requests a second spread over every stocked SKU/location. */
  reservationManyKeysRate: number;
  /** Reservations across locations a second, the ledger picking the locations. */
  reservationAcrossRate: number;
  /** Sales and receipts a second on the movements topic meanwhile. */
  reservationMovementRate: number;
  /** Fixed rates offered on one SKU/location, each for `reservationStepSeconds`, latency timed from each request's schedule. */
  reservationOneKeySteps: number[];
  /** Fixed rates offered spread over every stocked SKU/location, the same way. */
  reservationManyKeysSteps: number[];
  reservationStepSeconds: number;
}

type NumericOption = Exclude<
  keyof BenchOptions,
  | 'quick'
  | 'only'
  | 'outputDir'
  | 'cpuProfileDir'
  | 'serviceLogDir'
  | 'allocationProfileDir'
  | 'idleCpuProfileDir'
  | 'postgresLog'
  | 'pgStatements'
  | 'ledgerCheckout'
  | 'endToEndLoads'
  | 'reservationOneKeySteps'
  | 'reservationManyKeysSteps'
  | 'historySource'
  | 'historyFile'
  | 'historyLoad'
  | 'keepDatabase'
  | 'historyIdleSettleSeconds'
>;

interface NumericSpec {
  flag: string;
  env: string;
  full: number;
  quick: number;
}

const NUMERIC: Record<NumericOption, NumericSpec> = {
  repeat: { flag: '--repeat', env: 'BENCH_REPEAT', full: 3, quick: 1 },
  kafkaMessages: { flag: '--kafka-messages', env: 'BENCH_KAFKA_MESSAGES', full: 300_000, quick: 20_000 },
  postgresRows: { flag: '--postgres-rows', env: 'BENCH_POSTGRES_ROWS', full: 300_000, quick: 20_000 },
  postgresBatchRows: { flag: '--postgres-batch', env: 'BENCH_POSTGRES_BATCH', full: 2_000, quick: 2_000 },
  ledgerMovements: { flag: '--ledger-movements', env: 'BENCH_LEDGER_MOVEMENTS', full: 300_000, quick: 10_000 },
  skus: { flag: '--skus', env: 'BENCH_SKUS', full: 5_000, quick: 200 },
  locations: { flag: '--locations', env: 'BENCH_LOCATIONS', full: 20, quick: 5 },
  partitions: { flag: '--partitions', env: 'BENCH_PARTITIONS', full: 6, quick: 6 },
  partitionsConsumedConcurrently: { flag: '--consumed-concurrently', env: 'BENCH_PARTITIONS_CONSUMED_CONCURRENTLY', full: 6, quick: 6 },
  transactionsInFlight: { flag: '--transactions-in-flight', env: 'BENCH_BATCH_TRANSACTIONS_IN_FLIGHT', full: 3, quick: 3 },
  ledgerInstances: { flag: '--ledger-instances', env: 'BENCH_LEDGER_INSTANCES', full: 1, quick: 1 },
  databasePoolSize: { flag: '--pool-size', env: 'BENCH_DATABASE_POOL_SIZE', full: 10, quick: 10 },
  endToEndSeconds: { flag: '--e2e-seconds', env: 'BENCH_E2E_SECONDS', full: 30, quick: 3 },
  saturationSeconds: { flag: '--saturation-seconds', env: 'BENCH_SATURATION_SECONDS', full: 30, quick: 3 },
  saturationClients: { flag: '--saturation-clients', env: 'BENCH_SATURATION_CLIENTS', full: 8, quick: 4 },
  transactionsPerRequest: { flag: '--transactions-per-request', env: 'BENCH_TRANSACTIONS_PER_REQUEST', full: 20, quick: 20 },
  linesPerTransaction: { flag: '--lines-per-transaction', env: 'BENCH_LINES_PER_TRANSACTION', full: 5, quick: 5 },
  forecastSeries: { flag: '--forecast-series', env: 'BENCH_FORECAST_SERIES', full: 2_000, quick: 100 },
  forecastRuns: { flag: '--forecast-runs', env: 'BENCH_FORECAST_RUNS', full: 5, quick: 1 },
  historyRetailInvoices: { flag: '--history-retail-invoices', env: 'BENCH_HISTORY_RETAIL_INVOICES', full: 1_000_000, quick: 300 },
  historyMovements: { flag: '--history-movements', env: 'BENCH_HISTORY_MOVEMENTS', full: 10_000_000, quick: 8_000 },
  historyKeys: { flag: '--history-keys', env: 'BENCH_HISTORY_KEYS', full: 250_000, quick: 600 },
  historyIdleSeconds: { flag: '--history-idle-seconds', env: 'BENCH_HISTORY_IDLE_SECONDS', full: 60, quick: 5 },
  historyRequests: { flag: '--history-requests', env: 'BENCH_HISTORY_REQUESTS', full: 1_000, quick: 10 },
  historyQuerySeconds: { flag: '--history-query-seconds', env: 'BENCH_HISTORY_QUERY_SECONDS', full: 15, quick: 1 },
  historyCountItems: { flag: '--history-count-items', env: 'BENCH_HISTORY_COUNT_ITEMS', full: 5_000, quick: 200 },
  historyAuditWaitSeconds: { flag: '--history-audit-wait-seconds', env: 'BENCH_HISTORY_AUDIT_WAIT_SECONDS', full: 900, quick: 5 },
  historyFitWaitSeconds: { flag: '--history-fit-wait-seconds', env: 'BENCH_HISTORY_FIT_WAIT_SECONDS', full: 1_800, quick: 15 },
  reservationSeconds: { flag: '--reservation-seconds', env: 'BENCH_RESERVATION_SECONDS', full: 20, quick: 3 },
  reservationOneKeyRate: { flag: '--reservation-one-key-rate', env: 'BENCH_RESERVATION_ONE_KEY_RATE', full: 1_000, quick: 200 },
  reservationManyKeysRate: { flag: '--reservation-many-keys-rate', env: 'BENCH_RESERVATION_MANY_KEYS_RATE', full: 5_000, quick: 500 },
  reservationAcrossRate: { flag: '--reservation-across-rate', env: 'BENCH_RESERVATION_ACROSS_RATE', full: 500, quick: 100 },
  reservationMovementRate: { flag: '--reservation-movement-rate', env: 'BENCH_RESERVATION_MOVEMENT_RATE', full: 500, quick: 100 },
  reservationStepSeconds: { flag: '--reservation-step-seconds', env: 'BENCH_RESERVATION_STEP_SECONDS', full: 10, quick: 2 },
};

// Quick: the real data's path, which has the more moving parts (the mapper, master data, the contract check).
const HISTORY_SOURCE = { flag: '--history-source', env: 'BENCH_HISTORY_SOURCE', full: 'both', quick: 'online-retail' } as const;
const HISTORY_FILE = { flag: '--history-file', env: 'BENCH_HISTORY_FILE', fallback: '../shared/data/online-retail/online-retail.csv.gz' } as const;
const HISTORY_LOAD = { flag: '--history-load', env: 'BENCH_HISTORY_LOAD', full: 'bulk', quick: 'topic' } as const;
const KEEP_DATABASE = { flag: '--keep-database', env: 'BENCH_KEEP_DATABASE' } as const;
const PG_STATEMENTS = { flag: '--pg-statements', env: 'BENCH_PG_STATEMENTS' } as const;

const IDLE_SETTLE = { flag: '--history-idle-settle-seconds', env: 'BENCH_HISTORY_IDLE_SETTLE_SECONDS' } as const;

interface RateListSpec {
  flag: string;
  env: string;
  full: number[];
  quick: number[];
}

const LOADS: RateListSpec = { flag: '--e2e-loads', env: 'BENCH_E2E_LOADS', full: [1_000, 5_000], quick: [1_000] };
const ONE_KEY_STEPS: RateListSpec = { flag: '--reservation-one-key-steps', env: 'BENCH_RESERVATION_ONE_KEY_STEPS', full: [500, 1_000], quick: [200] };
const MANY_KEYS_STEPS: RateListSpec = { flag: '--reservation-many-keys-steps', env: 'BENCH_RESERVATION_MANY_KEYS_STEPS', full: [500, 1_000, 5_000], quick: [500] };

export class BenchOptionsError extends Error {
  readonly code = 'BENCH.INVALID_OPTION';
}

export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = readFlags(argv);
  const quick = flags.has('--quick') || isTrue(env['BENCH_QUICK']);
  const setting = (flag: string, variable: string): string | undefined => flags.get(flag) ?? env[variable];

  const numbers = {} as Record<NumericOption, number>;
  for (const [name, spec] of Object.entries(NUMERIC) as Array<[NumericOption, NumericSpec]>) {
    const raw = setting(spec.flag, spec.env);
    numbers[name] = raw === undefined ? (quick ? spec.quick : spec.full) : positiveInteger(raw, `${spec.flag} / ${spec.env}`);
  }
  const rates = (spec: RateListSpec): number[] => {
    const raw = setting(spec.flag, spec.env);
    if (raw === undefined) return quick ? spec.quick : spec.full;
    return raw
      .split(',')
      .filter((part) => part.trim() !== '')
      .map((part) => positiveInteger(part.trim(), `${spec.flag} / ${spec.env}`));
  };

  return {
    quick,
    only: parseScenarios(setting('--only', 'BENCH_ONLY')),
    outputDir: setting('--output', 'BENCH_OUTPUT_DIR') ?? 'tmp/bench',
    cpuProfileDir: setting('--cpu-prof', 'BENCH_CPU_PROFILE_DIR'),
    serviceLogDir: setting('--service-logs', 'BENCH_SERVICE_LOG_DIR'),
    allocationProfileDir: setting('--alloc-prof', 'BENCH_ALLOCATION_PROFILE_DIR'),
    idleCpuProfileDir: setting('--idle-cpu-prof', 'BENCH_IDLE_CPU_PROFILE_DIR'),
    postgresLog: setting('--postgres-log', 'BENCH_POSTGRES_LOG'),
    pgStatements: isTrue(setting(PG_STATEMENTS.flag, PG_STATEMENTS.env)),
    ledgerCheckout: setting('--ledger-checkout', 'BENCH_LEDGER_CHECKOUT'),
    endToEndLoads: rates(LOADS),
    reservationOneKeySteps: rates(ONE_KEY_STEPS),
    reservationManyKeysSteps: rates(MANY_KEYS_STEPS),
    historySource: parseHistorySource(setting(HISTORY_SOURCE.flag, HISTORY_SOURCE.env) ?? (quick ? HISTORY_SOURCE.quick : HISTORY_SOURCE.full)),
    historyFile: setting(HISTORY_FILE.flag, HISTORY_FILE.env) ?? HISTORY_FILE.fallback,
    historyLoad: parseHistoryLoad(setting(HISTORY_LOAD.flag, HISTORY_LOAD.env) ?? (quick ? HISTORY_LOAD.quick : HISTORY_LOAD.full)),
    keepDatabase: isTrue(setting(KEEP_DATABASE.flag, KEEP_DATABASE.env)),
    historyIdleSettleSeconds: nonNegativeInteger(setting(IDLE_SETTLE.flag, IDLE_SETTLE.env) ?? '0', `${IDLE_SETTLE.flag} / ${IDLE_SETTLE.env}`),
    ...numbers,
  };
}

function readFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] ?? '';
    if (!argument.startsWith('--')) throw new BenchOptionsError(`unexpected argument "${argument}": options start with --`);
    const equals = argument.indexOf('=');
    if (equals > 0) {
      flags.set(argument.slice(0, equals), argument.slice(equals + 1));
    } else if (argument === '--quick' || argument === KEEP_DATABASE.flag || argument === PG_STATEMENTS.flag) {
      flags.set(argument, 'true');
    } else {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) throw new BenchOptionsError(`${argument} needs a value`);
      flags.set(argument, value);
      index++;
    }
  }
  const known = new Set([
    '--quick', '--only', '--output', '--cpu-prof', '--service-logs', '--alloc-prof', '--idle-cpu-prof', '--postgres-log', '--ledger-checkout',
    LOADS.flag, ONE_KEY_STEPS.flag, MANY_KEYS_STEPS.flag, HISTORY_SOURCE.flag, HISTORY_FILE.flag, HISTORY_LOAD.flag, KEEP_DATABASE.flag, PG_STATEMENTS.flag, IDLE_SETTLE.flag, ...Object.values(NUMERIC).map((spec) => spec.flag),
  ]);
  for (const flag of flags.keys()) {
    if (!known.has(flag)) throw new BenchOptionsError(`unknown option ${flag}; known: ${[...known].sort().join(' ')}`);
  }
  return flags;
}

function parseScenarios(raw: string | undefined): ScenarioName[] {
  if (raw === undefined || raw.trim() === '') return [...SCENARIOS];
  const names = raw.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(SCENARIOS as readonly string[]).includes(name)) {
      throw new BenchOptionsError(`--only / BENCH_ONLY: unknown scenario "${name}"; choose from ${SCENARIOS.join(', ')}`);
    }
  }
  return SCENARIOS.filter((name) => names.includes(name));
}

function parseHistorySource(raw: string): HistorySource {
  const source = HISTORY_SOURCES.find((name) => name === raw.trim());
  if (!source) throw new BenchOptionsError(`${HISTORY_SOURCE.flag} / ${HISTORY_SOURCE.env}: unknown source "${raw}"; choose from ${HISTORY_SOURCES.join(', ')}`);
  return source;
}

function parseHistoryLoad(raw: string): HistoryLoad {
  const load = HISTORY_LOADS.find((name) => name === raw.trim());
  if (!load) throw new BenchOptionsError(`${HISTORY_LOAD.flag} / ${HISTORY_LOAD.env}: unknown way "${raw}"; choose from ${HISTORY_LOADS.join(', ')}`);
  return load;
}

function nonNegativeInteger(raw: string, name: string): number {
  return raw.trim() === '0' ? 0 : positiveInteger(raw, name);
}

function positiveInteger(raw: string, name: string): number {
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new BenchOptionsError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function isTrue(raw: string | undefined): boolean {
  return raw !== undefined && ['1', 'true', 'yes'].includes(raw.toLowerCase());
}
