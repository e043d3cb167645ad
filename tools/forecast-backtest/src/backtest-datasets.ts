/**
 * The data sets the accuracy report backtests, each with the plan that fits its calendar:
 * - online-retail: daily net demand per stock code (closed days censored), weekly season,
 *   eight one-week-ahead origins over the last eight weeks;
 * - carparts: monthly demand of spare parts (missing months censored), no season, four
 *   three-month-ahead origins over the last year;
 * - synthetic: store-like daily series with stock-outs flagged censored, same plan as online-retail.
 */
import { join } from 'node:path';
import { DEFAULT_CANDIDATES, type MethodSpec } from '@ledgerline/forecasting-domain';
import type { BacktestPlan, BacktestSeries } from './backtest.runner';
import { readCarparts } from './carparts.reader';
import { readOnlineRetail } from './online-retail.reader';
import { seededRandom } from './seeded-random';
import { storeItemDemand } from './synthetic-demand';

export type DatasetName = 'synthetic' | 'online-retail' | 'carparts';

export const DATASET_NAMES: readonly DatasetName[] = ['synthetic', 'online-retail', 'carparts'];

export interface Dataset {
  readonly name: DatasetName;
  readonly description: string;
  readonly plan: BacktestPlan;
  load(dataDir: string): Promise<BacktestSeries[]>;
}

// Daily series are scored on every method the service may choose from.
const DAILY_METHODS: readonly MethodSpec[] = DEFAULT_CANDIDATES;

const MONTHLY_METHODS: readonly MethodSpec[] = [
  { method: 'naive' },
  { method: 'moving-average' },
  { method: 'simple-exponential-smoothing' },
  { method: 'croston' },
  { method: 'sba' },
  { method: 'tsb' },
];

export const DAILY_PLAN: BacktestPlan = {
  holdout: 56,
  horizon: 7,
  step: 7,
  methods: DAILY_METHODS,
  candidates: 'by-demand-class',
  selection: { seasonPeriod: 7 },
  minTrainingPeriods: 56,
};

export const MONTHLY_PLAN: BacktestPlan = {
  holdout: 12,
  horizon: 3,
  step: 3,
  methods: MONTHLY_METHODS,
  candidates: 'by-demand-class',
  selection: { seasonPeriod: null, validationHorizon: 3, validationOrigins: 3, minTrainingPeriods: 12 },
  minTrainingPeriods: 24,
};

export const SYNTHETIC_SERIES = 600;
const SYNTHETIC_DAYS = 365;
const SYNTHETIC_SEED = 20240601;

export function syntheticSeries(count: number = SYNTHETIC_SERIES, seed: number = SYNTHETIC_SEED): BacktestSeries[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const { sales, stockOut } = storeItemDemand(SYNTHETIC_DAYS, random);
    return { id: `synthetic-${i}`, values: sales, censored: stockOut };
  });
}

export const DATASETS: Readonly<Record<DatasetName, Dataset>> = {
  synthetic: {
    name: 'synthetic',
    description: `${SYNTHETIC_SERIES} store-like daily series over ${SYNTHETIC_DAYS} days, stock-outs censored`,
    plan: DAILY_PLAN,
    load: async () => syntheticSeries(),
  },
  'online-retail': {
    name: 'online-retail',
    description: 'Online Retail (UCI), daily net demand per stock code, closed days censored',
    plan: DAILY_PLAN,
    load: async (dataDir) =>
      (await readOnlineRetail(join(dataDir, 'online-retail', 'online-retail.csv.gz'))).series.map((series) => ({
        id: series.id,
        values: series.values,
        censored: series.closed,
      })),
  },
  carparts: {
    name: 'carparts',
    description: 'car parts (Hyndman et al.), monthly demand, missing months censored',
    plan: MONTHLY_PLAN,
    load: async (dataDir) =>
      (await readCarparts(join(dataDir, 'carparts', 'carparts.csv'))).map((series) => ({ id: series.id, values: series.values, censored: series.missing })),
  },
};
