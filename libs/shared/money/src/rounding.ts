// Integer division with one rounding rule for the whole ledger: round half to even ("banker's
// rounding"). The ledger divides constantly (average cost = value / units, cost of a partial sale
// = value x sold / on hand), and half-up would push every exact tie the same way, so millions of
// movements would drift value upwards. Half-even sends ties up and down equally often, so
// rounding error centres on zero. It is symmetric for negative amounts (-2.5 -> -2, -3.5 -> -4).
// Note PostgreSQL's round(numeric) is half away from zero: SQL must store what the domain
// computed, never re-derive it.
import { MoneyError } from './money-error';

/** An integer operand: a bigint, or a number that is a safe integer (quantities are numbers). */
export type IntegerOperand = bigint | number;

export function toBigIntOperand(value: IntegerOperand, name: string): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError('MONEY.INVALID_OPERAND', `${name} must be a safe integer, got ${value}`);
  }
  return BigInt(value);
}

/** numerator / denominator, rounded half to even. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) {
    throw new MoneyError('MONEY.DIVISION_BY_ZERO', 'cannot divide an amount by zero');
  }
  // Work with a positive denominator so the remainder carries the sign of the result.
  const n = denominator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d; // truncates towards zero
  const remainder = n % d;
  if (remainder === 0n) {
    return quotient;
  }
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  const awayFromZero = twiceRemainder > d || (twiceRemainder === d && quotient % 2n !== 0n);
  if (!awayFromZero) {
    return quotient;
  }
  return n < 0n ? quotient - 1n : quotient + 1n;
}
