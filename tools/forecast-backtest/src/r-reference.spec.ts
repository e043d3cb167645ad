import type { BacktestPlan } from './backtest.runner';
import { parseRForecasts, rTasksCsv } from './r-reference';

const plan: BacktestPlan = { holdout: 3, horizon: 2, step: 1, methods: [], automatic: {}, minTrainingPeriods: 2 };

describe('R reference tasks and forecasts', () => {
  it('writes one task per origin with the history before it, censored periods as NA', () => {
    const csv = rTasksCsv([{ id: 'A"1', values: Float64Array.of(1, 2, 0, 4, 5), censored: Uint8Array.of(0, 1, 0, 0, 0) }], plan, 7);
    // Origins 2 and 3 have two periods ahead; origin 4 has one and is not a whole forecast.
    expect(csv).toBe('id,origin,horizon,frequency,history\n"A""1",2,2,7,1 NA\n"A""1",3,2,7,1 NA 0\n');
  });

  it('reads forecasts by series, origin and method, with or without intervals', () => {
    const forecasts = parseRForecasts(
      [
        '"id","origin","method","ahead","mean","lo80","hi80","lo95","hi95"',
        '"A",2,"ets",1,1.5,1,2,0.5,3',
        '"A",2,"ets",2,1.5,0.9,2.1,0.4,3.2',
        '"A",2,"croston",1,0.8,NA,NA,NA,NA',
      ].join('\n'),
    );
    expect(forecasts.get('A|2|ets')).toEqual({ mean: [1.5, 1.5], bounds: [[1, 2, 0.5, 3], [0.9, 2.1, 0.4, 3.2]] });
    expect(forecasts.get('A|2|croston')).toEqual({ mean: [0.8], bounds: null });
  });

  it('refuses output it does not recognise', () => {
    expect(() => parseRForecasts('a,b\n1,2')).toThrow('BACKTEST.R_OUTPUT');
  });
});
