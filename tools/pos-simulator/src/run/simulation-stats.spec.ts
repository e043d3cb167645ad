import { emptyStats, formatStatusLine } from './simulation-stats';

describe('formatStatusLine', () => {
  it('prints totals and the rates since the previous line on one line', () => {
    const previous = { ...emptyStats(), sent: 100, lines: 300 };
    const current = { ...emptyStats(), sent: 150, lines: 450, accepted: 140, duplicate: 6, rejected: 1, throttled: 3, ordersPlaced: 2 };
    const line = formatStatusLine(current, previous, 20.4, 5);
    expect(line).not.toContain('\n');
    expect(line).toContain('elapsed 20s');
    expect(line).toContain('sent 150 (10.0/s, 30.0 lines/s)');
    expect(line).toContain('accepted 140 duplicate 6 conflict 0 rejected 1 failed 0');
    expect(line).toContain('429s 3');
    expect(line).toContain('orders 2');
  });
});
