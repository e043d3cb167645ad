import type { DatasetReport } from './accuracy-report';
import { formatBacktestTable, formatMarkdownReport } from './backtest-report';
import { accuracyRow, summaryWith } from './backtest-summary.fixture';

const summary = summaryWith(accuracyRow('automatic', 0.99, 0.82));

describe('backtest report', () => {
  it('prints a table with the measures named and the verdict against the baseline', () => {
    const text = formatBacktestTable('carparts', summary);
    expect(text).toContain('carparts: 10 series');
    expect(text).toMatch(/method\s+MASE mean\s+MASE median\s+RMSSE mean\s+scaled bias\s+bias median\s+pinball\s+cover 80%\s+cover 95%\s+80% floor\s+cover 80%, series with demand\s+above q90\/q97\.5\s+beats naive\s+forecasts\/s/);
    expect(text).toMatch(/tsb\s+1\.0000\s+1\.0000\s+0\.8000\s+-0\.0100\s+-0\.0200\s+0\.2500\s+79\.0%\s+95\.1%\s+82\.0%\s+80\.0%\s+10\.0 \/ 2\.6%\s+50\.0%\s+1500/);
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
    const report: DatasetReport = {
      dataset: 'carparts',
      protocol: 'h3 x4',
      description: 'car parts',
      seriesLoaded: 12,
      seriesEligible: 11,
      holdout: 12,
      horizon: 3,
      origins: 4,
      summary,
      seconds: 1,
    };
    const markdown = formatMarkdownReport([report]);
    expect(markdown).toContain('## carparts, h3 x4');
    expect(markdown).toContain('4 origins over the last 12 periods, each forecasting 3 periods ahead');
    expect(markdown).toContain('| method | MASE mean | MASE median | RMSSE mean | scaled bias | bias median | pinball | cover 80% | cover 95% | 80% floor | cover 80%, series with demand | above q90/q97.5 | beats naive | forecasts/s |');
    expect(markdown).toContain('| **automatic** | 0.9900 | 0.9900 | 0.8200 | -0.0100 | -0.0200 | 0.2500 | 79.0% | 95.1% | 82.0% | 80.0% | 10.0 / 2.6% | 50.0% | 1500 |');
    expect(markdown).toContain('10 series backtested (11 eligible of 12)');
  });
});
