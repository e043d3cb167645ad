import { sumMetric, sumMetricByLabel } from './prometheus-text';

const PAGE = `# HELP ledgerline_messages_consumed_total Messages taken from Kafka
# TYPE ledgerline_messages_consumed_total counter
ledgerline_messages_consumed_total{consumer="ledger-movements",topic="inventory.movements.v1",service="inventory-ledger"} 1200
ledgerline_messages_consumed_total{consumer="odd",topic="a}b",service="inventory-ledger"} 34
ledgerline_messages_consumed_total_extra 999
ledgerline_events_published_total 17
process_cpu_seconds_total 1.5
`;

describe('sumMetric', () => {
  it('sums every series of a counter, labels or not, and only that counter', () => {
    expect(sumMetric(PAGE, 'ledgerline_messages_consumed_total')).toBe(1234);
    expect(sumMetric(PAGE, 'ledgerline_events_published_total')).toBe(17);
  });

  it("adds a histogram's sums over all its label sets, not its buckets or counts", () => {
    const gc = [
      '# TYPE nodejs_gc_duration_seconds histogram',
      'nodejs_gc_duration_seconds_bucket{le="0.001",kind="minor"} 12',
      'nodejs_gc_duration_seconds_sum{kind="minor"} 1.25',
      'nodejs_gc_duration_seconds_count{kind="minor"} 400',
      'nodejs_gc_duration_seconds_sum{kind="major"} 0.5',
      'nodejs_gc_duration_seconds_sum{kind="incremental"} 0.125',
      'nodejs_eventloop_lag_p99_seconds 0.0243',
    ].join('\n');
    expect(sumMetric(gc, 'nodejs_gc_duration_seconds_sum')).toBe(1.875);
    expect(sumMetric(gc, 'nodejs_eventloop_lag_p99_seconds')).toBe(0.0243);
    expect(sumMetric(gc, 'nodejs_gc_duration_seconds')).toBeUndefined();
  });

  it('is undefined for a metric the page does not have', () => {
    expect(sumMetric(PAGE, 'ledgerline_dead_letters_total')).toBeUndefined();
    expect(sumMetric('', 'x')).toBeUndefined();
  });
});

describe('sumMetricByLabel', () => {
  it('sums the series of one metric per value of a label, whatever the other labels or their order', () => {
    const page = [
      '# TYPE ledgerline_dead_letters_open gauge',
      'ledgerline_dead_letters_open{reason_code="LEDGER.RESERVED_REASON_CODE",service="inventory-ledger"} 3',
      'ledgerline_dead_letters_open{service="inventory-ledger",reason_code="CONTRACT.VALIDATION_FAILED"} 1',
      'ledgerline_dead_letters_open{service="x",reason_code="LEDGER.RESERVED_REASON_CODE"} 2',
      'ledgerline_dead_letters_open{reason_code="odd \\"quoted\\" }"} 4',
      'ledgerline_dead_letters_open 9',
      'ledgerline_dead_letters_opened{reason_code="A.B"} 7',
    ].join('\n');
    expect(sumMetricByLabel(page, 'ledgerline_dead_letters_open', 'reason_code')).toEqual(
      new Map([
        ['LEDGER.RESERVED_REASON_CODE', 5],
        ['CONTRACT.VALIDATION_FAILED', 1],
        ['odd "quoted" }', 4],
      ]),
    );
    expect(sumMetricByLabel(page, 'ledgerline_dead_letters_open', 'service')).toEqual(new Map([['inventory-ledger', 4], ['x', 2]]));
  });
});
