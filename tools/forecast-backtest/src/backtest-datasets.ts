/**
 * The data sets the accuracy report backtests, each with the plan that fits its calendar:
 * - online-retail: daily net demand per stock code (closed days censored), weekly season, scored
 *   7, 14 and 28 days ahead from several origins over the last eight weeks; online-retail-300 is
 *   its 300 codes sold on the most days;
 * - carparts: monthly demand of spare parts (missing months censored), no season, scored 3, 6
 *   and 12 months ahead from origins a quarter apart;
 * - synthetic: store-like daily series with stock-outs flagged censored, same plans as online-retail.
 * Each protocol looks a different distance ahead, so that no setting can be tuned to one of them.
 */
import { join } from 'node:path';
import { AUTOMATIC_COMBINATION_SIZE, AUTOMATIC_COMBINATION_TOLERANCE, DEFAULT_CANDIDATES, type MethodSpec, automaticCandidates, seasonAggregateMethods } from '@ledgerline/forecasting-domain';
import { type BacktestPlan, type BacktestSeries, rollingPlan } from './backtest.runner';
import { readCarparts } from './carparts.reader';
import { readOnlineRetail } from './online-retail.reader';
import { seededRandom } from './seeded-random';
import { storeItemDemand } from './synthetic-demand';

export type DatasetName = 'synthetic' | 'online-retail-300' | 'online-retail' | 'carparts';

export const DATASET_NAMES: readonly DatasetName[] = ['synthetic', 'online-retail-300', 'online-retail', 'carparts'];

export interface Dataset {
  readonly name: DatasetName;
  readonly description: string;
  /** Periods per year's natural cycle as R's ts() takes it: 7 for daily data, 12 for monthly. */
  readonly frequency: number;
  /** The protocols the set is scored on. */
  readonly plans: readonly BacktestPlan[];
  load(dataDir: string): Promise<BacktestSeries[]>;
}

// Daily series are scored on every method the service may choose from, the automatic forecast's
// season-aggregated members included.
const DAILY_METHODS: readonly MethodSpec[] = [...DEFAULT_CANDIDATES, ...seasonAggregateMethods(7)];

const MONTHLY_METHODS: readonly MethodSpec[] = [
  { method: 'naive' },
  { method: 'moving-average' },
  { method: 'simple-exponential-smoothing' },
  { method: 'croston' },
  { method: 'sba' },
  { method: 'tsb' },
];

// Beside the automatic forecast: the choice it replaced (the single best method by validation
// among the demand class's candidates), those candidates' best three averaged, the automatic
// forecast's members averaged however far behind the best they validate, and the automatic
// forecast as it was before the season-aggregated members joined (the best three of the others).
const AUTOMATIC_SELECTION = { baseline: 'simple-exponential-smoothing', combine: AUTOMATIC_COMBINATION_SIZE } as const;
const BEFORE_AGGREGATES = { baseline: 'simple-exponential-smoothing', combine: 3, combineTolerance: AUTOMATIC_COMBINATION_TOLERANCE } as const;
const withoutAggregates = (seasonPeriod: number | null): MethodSpec[] => automaticCandidates(seasonPeriod).filter((spec) => spec.method !== 'temporal-aggregation');
const DAILY_BASE = {
  methods: DAILY_METHODS,
  automatic: { seasonPeriod: 7 },
  variants: [
    { label: 'automatic single best by class', candidates: 'by-demand-class', selection: { seasonPeriod: 7 } },
    { label: 'automatic mean of 3 by class', candidates: 'by-demand-class', selection: { seasonPeriod: 7, combine: 3 } },
    { label: `automatic best ${AUTOMATIC_COMBINATION_SIZE} at any distance`, candidates: automaticCandidates(7), selection: { ...AUTOMATIC_SELECTION, seasonPeriod: 7 } },
    { label: 'automatic mean of 3 without season aggregates', candidates: withoutAggregates(7), selection: { ...BEFORE_AGGREGATES, seasonPeriod: 7 } },
  ],
  minTrainingPeriods: 56,
} satisfies Omit<BacktestPlan, 'holdout' | 'horizon' | 'step'>;

const MONTHLY_SELECTION = { seasonPeriod: null, validationHorizon: 3, validationOrigins: 3, minTrainingPeriods: 12 } as const;

const MONTHLY_BASE = {
  methods: MONTHLY_METHODS,
  automatic: MONTHLY_SELECTION,
  variants: [
    { label: 'automatic single best by class', candidates: 'by-demand-class', selection: MONTHLY_SELECTION },
    { label: 'automatic mean of 3 by class', candidates: 'by-demand-class', selection: { ...MONTHLY_SELECTION, combine: 3 } },
    { label: `automatic best ${AUTOMATIC_COMBINATION_SIZE} at any distance`, candidates: automaticCandidates(null), selection: { ...AUTOMATIC_SELECTION, ...MONTHLY_SELECTION } },
    { label: 'automatic mean of 3', candidates: withoutAggregates(null), selection: { ...BEFORE_AGGREGATES, ...MONTHLY_SELECTION } },
  ],
  minTrainingPeriods: 24,
} satisfies Omit<BacktestPlan, 'holdout' | 'horizon' | 'step'>;

/** One week, two weeks and four weeks ahead, each from several origins over the last 8 weeks. */
export const DAILY_PLANS: readonly BacktestPlan[] = [rollingPlan(DAILY_BASE, 7, 8, 7), rollingPlan(DAILY_BASE, 14, 4, 14), rollingPlan(DAILY_BASE, 28, 3, 14)];

/** A quarter, half a year and a year ahead, from origins a quarter apart. */
export const MONTHLY_PLANS: readonly BacktestPlan[] = [rollingPlan(MONTHLY_BASE, 3, 4, 3), rollingPlan(MONTHLY_BASE, 6, 4, 3), rollingPlan(MONTHLY_BASE, 12, 3, 3)];

/** The stock codes sold on the most days: the set of the outside comparison with R. */
export const BUSIEST_CODES = 300;

export function busiestSeries(series: readonly BacktestSeries[], count: number): BacktestSeries[] {
  const salesDays = (s: BacktestSeries): number => {
    let days = 0;
    for (let t = 0; t < s.values.length; t++) if (s.values[t] > 0 && (s.censored === null || s.censored[t] === 0)) days++;
    return days;
  };
  return series
    .map((s) => ({ s, days: salesDays(s) }))
    .sort((a, b) => b.days - a.days || (a.s.id < b.s.id ? -1 : a.s.id > b.s.id ? 1 : 0))
    .slice(0, count)
    .map((entry) => entry.s);
}

export const SYNTHETIC_SERIES = 600;
const SYNTHETIC_DAYS = 365;
const SYNTHETIC_SEED = 20240601;

export function syntheticSeries(count: number = SYNTHETIC_SERIES, seed: number = SYNTHETIC_SEED): BacktestSeries[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const { demand, sales, stockOut, dayDistribution } = storeItemDemand(SYNTHETIC_DAYS, random);
    return { id: `synthetic-${i}`, values: sales, censored: stockOut, demand, truth: dayDistribution };
  });
}

async function loadOnlineRetail(dataDir: string): Promise<BacktestSeries[]> {
  const data = await readOnlineRetail(join(dataDir, 'online-retail', 'online-retail.csv.gz'));
  return data.series.map((series) => ({ id: series.id, values: series.values, censored: series.closed }));
}

export const DATASETS: Readonly<Record<DatasetName, Dataset>> = {
  synthetic: {
    name: 'synthetic',
    description: `${SYNTHETIC_SERIES} store-like daily series over ${SYNTHETIC_DAYS} days, stock-outs censored`,
    frequency: 7,
    plans: DAILY_PLANS,
    load: async () => syntheticSeries(),
  },
  'online-retail-300': {
    name: 'online-retail-300',
    description: `Online Retail (UCI), the ${BUSIEST_CODES} stock codes sold on the most days, daily net demand, closed days censored`,
    frequency: 7,
    plans: DAILY_PLANS,
    load: async (dataDir) => busiestSeries(await loadOnlineRetail(dataDir), BUSIEST_CODES),
  },
  'online-retail': {
    name: 'online-retail',
    description: 'Online Retail (UCI), daily net demand per stock code, closed days censored',
    frequency: 7,
    plans: DAILY_PLANS,
    load: loadOnlineRetail,
  },
  carparts: {
    name: 'carparts',
    description: 'car parts (Hyndman et al.), monthly demand, missing months censored',
    frequency: 12,
    plans: MONTHLY_PLANS,
    load: async (dataDir) =>
      (await readCarparts(join(dataDir, 'carparts', 'carparts.csv'))).map((series) => ({ id: series.id, values: series.values, censored: series.missing })),
  },
};
