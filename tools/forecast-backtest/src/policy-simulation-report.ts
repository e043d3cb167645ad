/**
 * The reorder policy simulation over a data set: every eligible series (or a seeded sample) is
 * played through `simulateReorderPolicy` and the outcomes summed, per safety stock basis, into
 * fill rate, cycle service level and days of stock. Run on the daily sets: weekly reviews, a
 * week's lead time, a 95 % cycle service level, over the last eight weeks (the same weeks as the
 * accuracy protocols' origins).
 */
import { type BacktestSeries, isEligible, rollingPlan } from './backtest.runner';
import { DATASETS, type DatasetName } from './backtest-datasets';
import { seededSample } from './seeded-random';
import {
  type PolicyOutcome,
  type PolicySimulationSettings,
  SAFETY_STOCK_BASES,
  type SafetyStockBasis,
  addOutcome,
  emptyOutcome,
  simulateReorderPolicy,
  simulatedPeriods,
} from './reorder-simulation';

export const DAILY_POLICY_SIMULATION: PolicySimulationSettings = {
  serviceLevel: 0.95,
  leadTimePeriods: 7,
  reviewPeriods: 7,
  reviews: 8,
  automatic: { seasonPeriod: 7 },
};

/** Least history before the simulated weeks, as the accuracy protocols ask of daily series. */
const MIN_TRAINING_DAYS = 56;

export interface PolicyResult {
  readonly basis: SafetyStockBasis;
  /** Mean over series with demand of the share of demand served from stock. */
  readonly meanFillRate: number;
  /** All series' served demand over all their demand. */
  readonly pooledFillRate: number;
  /** Share of replenishment cycles, over all series, without lost demand. */
  readonly cycleServiceLevel: number;
  /** The same over cycles that had demand. */
  readonly cycleServiceLevelWithDemand: number;
  /** Mean stock on hand over mean demand per period, pooled over series. */
  readonly daysOfStock: number;
}

export interface PolicySimulationReport {
  readonly dataset: DatasetName;
  readonly settings: PolicySimulationSettings;
  readonly seriesSimulated: number;
  readonly results: readonly PolicyResult[];
}

export interface PolicySimulationOptions {
  readonly sample?: number;
  readonly seed?: number;
}

export function simulateDataset(dataset: DatasetName, loaded: readonly BacktestSeries[], options: PolicySimulationOptions, settings = DAILY_POLICY_SIMULATION): PolicySimulationReport {
  const window = rollingPlan({ methods: [], automatic: {}, minTrainingPeriods: MIN_TRAINING_DAYS }, settings.reviewPeriods, settings.reviews, settings.reviewPeriods);
  const eligible = loaded.filter((series) => series.values.length >= simulatedPeriods(settings) && isEligible(series, window));
  const chosen = options.sample === undefined ? eligible : seededSample(eligible, options.sample, options.seed ?? 7);
  const totals = Object.fromEntries(SAFETY_STOCK_BASES.map((basis) => [basis, emptyOutcome()])) as Record<SafetyStockBasis, PolicyOutcome>;
  const fillRates = Object.fromEntries(SAFETY_STOCK_BASES.map((basis) => [basis, [] as number[]])) as Record<SafetyStockBasis, number[]>;
  for (const series of chosen) {
    const outcomes = simulateReorderPolicy(series, settings);
    for (const basis of SAFETY_STOCK_BASES) {
      addOutcome(totals[basis], outcomes[basis]);
      if (outcomes[basis].demand > 0) fillRates[basis].push(outcomes[basis].filled / outcomes[basis].demand);
    }
  }
  return {
    dataset,
    settings,
    seriesSimulated: chosen.length,
    results: SAFETY_STOCK_BASES.map((basis) => policyResult(basis, totals[basis], fillRates[basis])),
  };
}

function policyResult(basis: SafetyStockBasis, total: PolicyOutcome, fillRates: readonly number[]): PolicyResult {
  return {
    basis,
    meanFillRate: fillRates.reduce((sum, rate) => sum + rate, 0) / fillRates.length,
    pooledFillRate: total.filled / total.demand,
    cycleServiceLevel: total.cyclesWithoutShortage / total.cycles,
    cycleServiceLevelWithDemand: total.cyclesWithDemandWithoutShortage / total.cyclesWithDemand,
    daysOfStock: total.onHandSum / total.periods / (total.demand / total.periods),
  };
}

/** The daily data sets among those asked for: the policy is simulated on daily demand. */
export function dailyDatasets(names: readonly DatasetName[]): DatasetName[] {
  return names.filter((name) => DATASETS[name].frequency === 7);
}

export function formatPolicySimulation(reports: readonly PolicySimulationReport[]): string {
  if (reports.length === 0) return '';
  const settings = reports[0].settings;
  const pct = (value: number): string => `${(100 * value).toFixed(1)} %`;
  const rows = reports.flatMap((report) =>
    report.results.map(
      (result) =>
        `| ${report.dataset} | ${report.seriesSimulated} | ${result.basis} | ${pct(result.meanFillRate)} / ${pct(result.pooledFillRate)} | ` +
        `${pct(result.cycleServiceLevel)} | ${pct(result.cycleServiceLevelWithDemand)} | ${result.daysOfStock.toFixed(1)} |`,
    ),
  );
  return [
    '## Reorder policy simulation',
    '',
    `Order-up-to level from planReplenishment at a ${pct(settings.serviceLevel)} cycle service level, reviewed every ${settings.reviewPeriods} days, ` +
      `lead time ${settings.leadTimePeriods} days, over the last ${settings.reviews * settings.reviewPeriods} days of each series, a new automatic forecast at each review; ` +
      'unmet demand is lost. Fill rate = demand served from stock (mean over series / pooled); cycle service level = share of cycles between arrivals without lost demand.',
    '',
    '| set | series | safety stock from | fill rate mean / pooled | cycle service level | CSL, cycles with demand | days of stock |',
    '|---|---:|---|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}
