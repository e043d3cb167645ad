import { MAX_WIRE_MONEY, MoneyError, formatMoney } from './index';

describe('formatMoney', () => {
  it.each([
    [0n, '0.0000'],
    [1n, '0.0001'],
    [-1n, '-0.0001'],
    [123_400n, '12.3400'],
    [-125_000n, '-12.5000'],
    [10_000n, '1.0000'],
    [MAX_WIRE_MONEY, '999999999999999.9999'],
    [-MAX_WIRE_MONEY, '-999999999999999.9999'],
  ])('writes %s as %s', (amount, expected) => {
    expect(formatMoney(amount)).toBe(expected);
  });

  it('refuses amounts the wire cannot carry', () => {
    expect(() => formatMoney(MAX_WIRE_MONEY + 1n)).toThrow(MoneyError);
    expect(() => formatMoney(-MAX_WIRE_MONEY - 1n)).toThrow(/MONEY.OUT_OF_RANGE/);
  });
});
