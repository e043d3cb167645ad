import {
  MoneyError,
  absMoney,
  compareMoney,
  divideHalfEven,
  divideRounded,
  isZeroMoney,
  maxMoney,
  minMoney,
  mulDiv,
  multiplyByQuantity,
  negateMoney,
  parseMoney,
  sumMoney,
} from './index';

describe('divideHalfEven', () => {
  it.each([
    // [numerator, denominator, expected]: ties go to the even neighbour, in both signs
    [5n, 2n, 2n],
    [7n, 2n, 4n],
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [5n, -2n, -2n],
    [-5n, -2n, 2n],
    [1n, 2n, 0n],
    [3n, 2n, 2n],
    // not ties: nearest wins
    [10n, 3n, 3n],
    [20n, 3n, 7n],
    [-20n, 3n, -7n],
    [6n, 3n, 2n],
    [0n, 7n, 0n],
  ])('%s / %s = %s', (numerator, denominator, expected) => {
    expect(divideHalfEven(numerator, denominator)).toBe(expected);
  });

  it('refuses division by zero', () => {
    expect(() => divideHalfEven(1n, 0n)).toThrow(/MONEY.DIVISION_BY_ZERO/);
  });
});

describe('multiplyByQuantity', () => {
  it('is exact', () => {
    expect(multiplyByQuantity(parseMoney('2.5001'), 3)).toBe(parseMoney('7.5003'));
    expect(multiplyByQuantity(parseMoney('2.00'), -4)).toBe(parseMoney('-8'));
    expect(multiplyByQuantity(parseMoney('2.00'), 4n)).toBe(parseMoney('8'));
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses quantity %s', (quantity) => {
    expect(() => multiplyByQuantity(1n, quantity)).toThrow(MoneyError);
    expect(() => multiplyByQuantity(1n, quantity)).toThrow(/MONEY.INVALID_OPERAND: quantity/);
  });
});

describe('divideRounded', () => {
  it('splits 10.00 three ways to 3.3333', () => {
    expect(divideRounded(parseMoney('10'), 3)).toBe(parseMoney('3.3333'));
  });

  it('rounds a tie at the fifth decimal to even', () => {
    // 0.0005 / 2 = 0.00025 -> 0.0002 (even); 0.0003 / 2 = 0.00015 -> 0.0002 (even)
    expect(divideRounded(5n, 10)).toBe(0n);
    expect(divideRounded(15n, 10)).toBe(2n);
    expect(divideRounded(25n, 10)).toBe(2n);
    expect(divideRounded(parseMoney('0.0003'), 2)).toBe(parseMoney('0.0002'));
    expect(divideRounded(parseMoney('-0.0003'), 2)).toBe(parseMoney('-0.0002'));
  });

  it('refuses zero and fractional divisors', () => {
    expect(() => divideRounded(1n, 0)).toThrow(/MONEY.DIVISION_BY_ZERO/);
    expect(() => divideRounded(1n, 0.5)).toThrow(/MONEY.INVALID_OPERAND: divisor/);
  });
});

describe('mulDiv', () => {
  it('rounds once, after multiplying', () => {
    // 10.00 x 2 / 3 = 6.66666... -> 6.6667; rounding 10/3 first would give 6.6666
    expect(mulDiv(parseMoney('10'), 2, 3)).toBe(parseMoney('6.6667'));
  });

  it('gives the whole amount back for n/n', () => {
    expect(mulDiv(parseMoney('10'), 7, 7)).toBe(parseMoney('10'));
  });

  it('handles negative operands symmetrically', () => {
    expect(mulDiv(parseMoney('-10'), 2, 3)).toBe(parseMoney('-6.6667'));
    expect(mulDiv(parseMoney('10'), -2, 3)).toBe(parseMoney('-6.6667'));
    expect(mulDiv(parseMoney('10'), 2, -3)).toBe(parseMoney('-6.6667'));
  });

  it('rounds an exact tie half to even', () => {
    expect(mulDiv(1n, 1, 2)).toBe(0n);
    expect(mulDiv(3n, 1, 2)).toBe(2n);
  });

  it('refuses a zero denominator', () => {
    expect(() => mulDiv(1n, 1, 0)).toThrow(/MONEY.DIVISION_BY_ZERO/);
  });
});

describe('sum, sign and ordering', () => {
  it('sums any iterable, zero when empty', () => {
    expect(sumMoney([])).toBe(0n);
    expect(sumMoney([parseMoney('1.10'), parseMoney('2.20'), parseMoney('-0.30')])).toBe(parseMoney('3.00'));
    expect(sumMoney(new Set([1n, 2n]))).toBe(3n);
  });

  it('negates and takes absolute values', () => {
    expect(negateMoney(5n)).toBe(-5n);
    expect(negateMoney(0n)).toBe(0n);
    expect(absMoney(-5n)).toBe(5n);
    expect(absMoney(5n)).toBe(5n);
  });

  it('compares and sorts', () => {
    expect(compareMoney(1n, 2n)).toBe(-1);
    expect(compareMoney(2n, 2n)).toBe(0);
    expect(compareMoney(3n, 2n)).toBe(1);
    expect([3n, -1n, 2n].sort(compareMoney)).toEqual([-1n, 2n, 3n]);
  });

  it('finds min, max and zero', () => {
    expect(minMoney(3n, -1n, 2n)).toBe(-1n);
    expect(maxMoney(3n, -1n, 2n)).toBe(3n);
    expect(minMoney(7n)).toBe(7n);
    expect(isZeroMoney(0n)).toBe(true);
    expect(isZeroMoney(1n)).toBe(false);
  });
});
