// The one exact representation of money in Ledgerline: a bigint count of ten-thousandths of the
// currency unit. 1n is 0.0001, 10_000n is 1.0000. Floating point never touches ledger money.

/** An amount of money in ten-thousandths of the currency unit (4 decimal places). */
export type Money = bigint;

/** Number of fraction digits carried by every amount. */
export const MONEY_FRACTION_DIGITS = 4;

/** Ten-thousandths per currency unit. */
export const MONEY_SCALE = 10_000n;

export const ZERO_MONEY: Money = 0n;

/**
 * Largest magnitude the wire format can carry: 15 integer digits and 4 fraction digits
 * (`999999999999999.9999`). PostgreSQL's numeric(24,4) holds more, but an amount that cannot be
 * published is refused where it is formatted rather than silently truncated.
 */
export const MAX_WIRE_MONEY: Money = 10n ** 19n - 1n;

export function isMoney(value: unknown): value is Money {
  return typeof value === 'bigint';
}

export function isWithinWireRange(amount: Money): boolean {
  return amount <= MAX_WIRE_MONEY && amount >= -MAX_WIRE_MONEY;
}
