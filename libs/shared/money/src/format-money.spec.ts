import fc from 'fast-check';
import { MAX_WIRE_MONEY, MoneyError, formatMoney } from './index';

/** The definition, in bigint arithmetic throughout. */
function formattedByDivision(amount: bigint): string {
  const magnitude = amount < 0n ? -amount : amount;
  return `${amount < 0n ? '-' : ''}${magnitude / 10_000n}.${(magnitude % 10_000n).toString().padStart(4, '0')}`;
}


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

  it('writes every amount as bigint division would, on both sides of the largest exact number', () => {
    const edge = BigInt(Number.MAX_SAFE_INTEGER);
    for (const amount of [edge - 1n, edge, edge + 1n, edge + 10_000n, -edge, -edge - 1n, 9_999n, 10_001n, -99_990n]) {
      expect(formatMoney(amount)).toBe(formattedByDivision(amount));
    }
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: -MAX_WIRE_MONEY, max: MAX_WIRE_MONEY }), fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }), fc.bigInt({ min: -100_000n, max: 100_000n })), (amount) => {
        expect(formatMoney(amount)).toBe(formattedByDivision(amount));
      }),
      { numRuns: 5_000 },
    );
  });
});
