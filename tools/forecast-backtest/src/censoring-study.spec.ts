import { DAILY_PLANS, syntheticSeries } from './backtest-datasets';
import { censoringStudy, formatCensoringStudy } from './censoring-study';

describe('censoringStudy', () => {
  const plan = DAILY_PLANS[0];
  const series = syntheticSeries(40, 3);
  const report = censoringStudy(series, plan);
  const score = (group: string, treatment: string) =>
    report.groups.find((entry) => entry.group === group)?.scores.find((entry) => entry.treatment === treatment);

  it('scores every origin of every series with known demand, grouped by a recent stock-out', () => {
    expect(report.series).toBe(40);
    expect(report.groups.reduce((sum, group) => sum + group.forecasts, 0)).toBe(40 * 8);
    expect(report.groups.every((group) => group.forecasts > 0)).toBe(true);
  });

  it('after a stock-out, the censored forecast is closer to true demand and less low than the sales taken at face value', () => {
    const censored = score('recent stock-out', 'censored');
    const uncensored = score('recent stock-out', 'uncensored');
    expect(censored?.meanMase).toBeLessThan(uncensored?.meanMase ?? 0);
    expect(censored?.meanRmsse).toBeLessThan(uncensored?.meanRmsse ?? 0);
    expect(Math.abs(censored?.meanScaledBias ?? 1)).toBeLessThan(uncensored?.meanScaledBias ?? 0);
  });

  it('changes nothing on a history without stock-outs', () => {
    const clean = series.slice(0, 5).map((one) => ({ ...one, values: one.demand ?? one.values, censored: new Uint8Array(one.values.length) }));
    const cleanReport = censoringStudy(clean, plan);
    const group = cleanReport.groups.find((entry) => entry.group === 'no recent stock-out');
    expect(group?.forecasts).toBe(5 * 8);
    const [censored, uncensored, truth] = group?.scores ?? [];
    expect(censored.meanMase).toBe(uncensored.meanMase);
    expect(censored.meanMase).toBe(truth.meanMase);
  });

  it('prints a row per protocol and group', () => {
    const text = formatCensoringStudy([report]);
    expect(text).toContain('| h7 x8 | recent stock-out |');
    expect(text).toContain('| h7 x8 | no recent stock-out |');
  });
});
