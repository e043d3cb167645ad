import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR, DEFAULT_OUTPUT_DIR, REPOSITORY_ROOT, parseBacktestOptions } from './backtest-options';

describe('parseBacktestOptions', () => {
  it('defaults to ../shared/data beside the repository, every data set and every series', () => {
    expect(DEFAULT_DATA_DIR).toBe(resolve(REPOSITORY_ROOT, '../shared/data'));
    expect(parseBacktestOptions([], {})).toEqual({
      dataDir: DEFAULT_DATA_DIR,
      outputDir: DEFAULT_OUTPUT_DIR,
      datasets: ['synthetic', 'online-retail-300', 'online-retail', 'carparts'],
      sample: undefined,
      seed: undefined,
      withR: false,
      rMethods: undefined,
      rCache: undefined,
      calibration: false,
    });
  });

  it('runs R beside the library only when asked', () => {
    expect(parseBacktestOptions(['--with-r', '--sample', '20'], {})).toMatchObject({ withR: true, sample: 20 });
  });

  it('runs a subset of R\'s methods and keeps its forecasts where asked', () => {
    expect(parseBacktestOptions(['--with-r', '--r-methods', 'ets,sba', '--r-cache', '/tmp/r'], {})).toMatchObject({ rMethods: ['ets', 'sba'], rCache: '/tmp/r' });
    expect(() => parseBacktestOptions(['--r-methods', 'tbats'], {})).toThrow('BACKTEST.UNKNOWN_R_METHOD');
  });

  it('backtests the history before the test windows only when asked', () => {
    expect(parseBacktestOptions(['--calibration'], {}).calibration).toBe(true);
  });

  it('takes the data directory from DATA_DIR, and --data over it', () => {
    expect(parseBacktestOptions([], { DATA_DIR: '/data' }).dataDir).toBe('/data');
    expect(parseBacktestOptions(['--data', '/other'], { DATA_DIR: '/data' }).dataDir).toBe('/other');
  });

  it('reads a subset of data sets, a sample size and a seed', () => {
    expect(parseBacktestOptions(['--datasets', 'carparts', '--sample', '50', '--seed', '3', '--out', '/tmp/x'], {})).toMatchObject({
      datasets: ['carparts'],
      sample: 50,
      seed: 3,
      outputDir: '/tmp/x',
    });
  });

  it('rejects unknown options and data sets and bad numbers, with the usage', () => {
    expect(() => parseBacktestOptions(['--fast'], {})).toThrow('BACKTEST.UNKNOWN_OPTION: --fast');
    expect(() => parseBacktestOptions(['--datasets', 'm5'], {})).toThrow('BACKTEST.UNKNOWN_DATASET');
    expect(() => parseBacktestOptions(['--sample', '0'], {})).toThrow('--sample must be a positive integer');
    expect(() => parseBacktestOptions(['--sample'], {})).toThrow('BACKTEST.MISSING_VALUE');
  });
});
