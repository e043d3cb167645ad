import type { DatasetReport } from './accuracy-report';
import { formatBacktestTable, formatMarkdownReport } from './backtest-report';
import type { BacktestSummary, MethodAccuracy } from './backtest-summary';

const accuracy = (label: string, meanMase: number, meanRmsse: number): MethodAccuracy => ({
  label,
  meanMase,
  medianMase: meanMase,
  meanRmsse,
  meanScaledBias: -0.01,
  shareBeatingNaive: 0.5,
});

const naive = accuracy('naive', 1.2, 1);
const tsb = accuracy('tsb', 1.0, 0.8);
const automatic = accuracy('automatic', 0.99, 0.82);
const summary: BacktestSummary = {
  seriesCount: 10,
  methods: [naive, tsb, automatic],
  automatic,
  naive,
  bestInHindsight: tsb,
  automaticGapToBest: 0.99 - 1,
  bestInHindsightByRmsse: tsb,
  automaticRmsseGapToBest: 0.82 / 0.8 - 1,
  automaticBeatsNaive: true,
  choiceCounts: { tsb: 7, naive: 3 },
};

describe('backtest report', () => {
  it('prints a table with the measures named and the verdict against the baseline', () => {
    const text = formatBacktestTable('carparts', summary);
    expect(text).toContain('carparts: 10 series');
    expect(text).toMatch(/method\s+MASE mean\s+MASE median\s+RMSSE mean\s+scaled bias\s+beats naive/);
    expect(text).toMatch(/tsb\s+1\.0000\s+1\.0000\s+0\.8000\s+-0\.0100\s+50\.0%/);
    expect(text).toContain('automatic vs naive: MASE 0.9900 vs 1.2000 (-17.50%), RMSSE 0.8200 vs 1.0000 (-18.00%)');
    expect(text).toContain('best single method in hindsight by MASE: tsb (1.0000); automatic -1.00%');
    expect(text).toContain('best single method in hindsight by RMSSE: tsb (0.8000); automatic +2.50%');
    expect(text).toContain('the automatic choice beats the naive baseline');
    expect(text).toContain('automatic choices (series x origins): tsb 7, naive 3');
  });

  it('says so plainly when the automatic choice loses', () => {
    expect(formatBacktestTable('x', { ...summary, automaticBeatsNaive: false })).toContain('DOES NOT beat');
  });

  it('writes a markdown table per data set', () => {
    const report: DatasetReport = { dataset: 'carparts', description: 'car parts', seriesLoaded: 12, seriesEligible: 11, holdout: 12, horizon: 3, summary, seconds: 1 };
    const markdown = formatMarkdownReport([report]);
    expect(markdown).toContain('## carparts');
    expect(markdown).toContain('| method | MASE mean | MASE median | RMSSE mean | scaled bias | beats naive |');
    expect(markdown).toContain('| **automatic** | 0.9900 | 0.9900 | 0.8200 | -0.0100 | 50.0% |');
    expect(markdown).toContain('10 series backtested (11 eligible of 12)');
  });
});
