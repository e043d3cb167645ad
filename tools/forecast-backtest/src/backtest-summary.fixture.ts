/** Hand-made accuracy summaries for the report and gate tests: naive, TSB (the best single method) and an automatic row. */
import type { BacktestSummary, MethodAccuracy } from './backtest-summary';

export const accuracyRow = (label: string, meanMase: number, meanRmsse: number): MethodAccuracy => ({
  label,
  meanMase,
  medianMase: meanMase,
  meanRmsse,
  meanScaledBias: -0.01,
  medianScaledBias: -0.02,
  shareBeatingNaive: 0.5,
  meanScaledPinball: 0.25,
  coverage80: 0.79,
  coverage95: 0.951,
  coverage80Floor: 0.82,
  coverage80SeriesWithDemand: 0.8,
  above80: 0.1,
  above95: 0.026,
  forecastsPerSecond: 1500,
});

/** Naive at MASE 1.2 / RMSSE 1, TSB at 1.0 / 0.8, and the automatic row given. */
export function summaryWith(automatic: MethodAccuracy): BacktestSummary {
  const naive = accuracyRow('naive', 1.2, 1);
  const tsb = accuracyRow('tsb', 1.0, 0.8);
  return {
    seriesCount: 10,
    methods: [naive, tsb, automatic],
    automatic,
    naive,
    bestInHindsight: tsb,
    automaticGapToBest: automatic.meanMase / tsb.meanMase - 1,
    bestInHindsightByRmsse: tsb,
    automaticRmsseGapToBest: automatic.meanRmsse / tsb.meanRmsse - 1,
    automaticBeatsNaive: automatic.meanMase < naive.meanMase,
    choiceCounts: { tsb: 7, naive: 3 },
  };
}
