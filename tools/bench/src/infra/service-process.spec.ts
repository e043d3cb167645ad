import { metricSum } from './service-process';

describe('metricSum', () => {
  const metrics = [
    '# HELP nodejs_gc_duration_seconds Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    '# TYPE nodejs_gc_duration_seconds histogram',
    'nodejs_gc_duration_seconds_bucket{le="0.001",kind="minor"} 12',
    'nodejs_gc_duration_seconds_sum{kind="minor"} 1.25',
    'nodejs_gc_duration_seconds_count{kind="minor"} 400',
    'nodejs_gc_duration_seconds_sum{kind="major"} 0.5',
    'nodejs_gc_duration_seconds_sum{kind="incremental"} 0.125',
    'nodejs_eventloop_lag_p99_seconds 0.0243',
  ].join('\n');

  it('adds the samples of every label set of one metric, and only of that metric', () => {
    expect(metricSum(metrics, 'nodejs_gc_duration_seconds_sum')).toBe(1.875);
    expect(metricSum(metrics, 'nodejs_eventloop_lag_p99_seconds')).toBe(0.0243);
  });

  it('is NaN for a metric the text does not have', () => {
    expect(metricSum(metrics, 'nodejs_gc_duration_seconds')).toBeNaN();
    expect(metricSum('', 'nodejs_eventloop_lag_max_seconds')).toBeNaN();
  });
});
