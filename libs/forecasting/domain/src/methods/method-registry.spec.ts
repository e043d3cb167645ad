import { prepareSeries } from '../series/demand-series';
import { FORECAST_METHOD_NAMES, fitMethod, forecastWith, methodLabel, toMethodSpec, withFittedParameters } from './method-registry';

describe('method registry', () => {
  const history = Array.from({ length: 35 }, (_, t) => [0, 3, 1, 0, 6, 2, 0][t % 7] + (t % 5 === 0 ? 1 : 0));

  it('forecasts with every method by name, as the method itself reports', () => {
    for (const name of FORECAST_METHOD_NAMES) {
      const result = forecastWith(name, history, { horizon: 5 });
      expect(result.method).toBe(name);
      expect(result.pointForecast).toHaveLength(5);
      expect(result.inSampleErrors).toHaveLength(history.length);
    }
  });

  it('passes settings through: a fixed window, a season length, fixed weights', () => {
    expect(forecastWith({ method: 'moving-average', settings: { window: 2 } }, [1, 2, 3, 5], { horizon: 1 }).pointForecast[0]).toBe(4);
    expect(forecastWith({ method: 'seasonal-naive', settings: { seasonPeriod: 2 } }, [1, 9, 2, 8], { horizon: 2 }).pointForecast).toEqual(Float64Array.of(2, 8));
    expect(forecastWith({ method: 'tsb', settings: { alpha: 0.5, beta: 0.5 } }, [0, 4, 0, 2], { horizon: 1 }).pointForecast[0]).toBe(1.8046875);
  });

  it('names a spec by its label when it has one', () => {
    expect(methodLabel('naive')).toBe('naive');
    expect(methodLabel({ method: 'holt-winters', label: 'hw-damped', settings: { trend: 'damped' } })).toBe('hw-damped');
    expect(toMethodSpec('sba')).toEqual({ method: 'sba' });
  });

  it('holds fitted parameters fixed, so a refit on the same data gives the same forecast', () => {
    const series = prepareSeries(history);
    for (const name of FORECAST_METHOD_NAMES) {
      const spec = toMethodSpec(name);
      const fitted = fitMethod(spec, series, 7);
      const refit = fitMethod(withFittedParameters(spec, fitted), series, 7);
      for (let k = 0; k < 7; k++) expect(refit.pointForecast[k]).toBeCloseTo(fitted.pointForecast[k], 12);
    }
  });

  it('skips the in-sample errors when asked not to record them', () => {
    expect(fitMethod({ method: 'simple-exponential-smoothing' }, prepareSeries(history), 1, false).inSampleErrors).toHaveLength(0);
  });
});
