import type { DatasetReport } from './accuracy-report';
import { gateFailures } from './backtest-gate';
import type { MethodAccuracy } from './backtest-summary';
import { accuracyRow, summaryWith } from './backtest-summary.fixture';

function report(automatic: MethodAccuracy): DatasetReport {
  const summary = summaryWith(automatic);
  return { dataset: 'carparts', protocol: 'h3 x4', description: '', seriesLoaded: 10, seriesEligible: 10, holdout: 12, horizon: 3, origins: 4, summary, seconds: 1 };
}

describe('gateFailures', () => {
  it('passes within 1 % of the best single method', () => {
    expect(gateFailures(report(accuracyRow('automatic', 1.009, 0.807)))).toEqual([]);
  });

  it('names the data set, the protocol and the measure that lost', () => {
    expect(gateFailures(report(accuracyRow('automatic', 1.02, 0.79)))).toEqual(['carparts h3 x4: MASE 2.00 % behind tsb']);
    expect(gateFailures(report(accuracyRow('automatic', 1.3, 1.1)))).toEqual([
      "carparts h3 x4: MASE not below naive's",
      "carparts h3 x4: RMSSE not below naive's",
      'carparts h3 x4: MASE 30.00 % behind tsb',
      'carparts h3 x4: RMSSE 37.50 % behind tsb',
    ]);
  });
});
