// Money travels as a decimal string with at most four fraction digits and becomes a bigint of
// ten-thousandths inside the services (@ledgerline/money); a JSON number would already have gone
// through binary floating point, so numbers are refused with a message saying so.
import { z } from 'zod';

export const MONEY_INTEGER_DIGITS = 15;
export const MONEY_FRACTION_DIGITS = 4;

const SIGNED_MONEY = /^-?\d{1,15}(?:\.\d{1,4})?$/;
const NON_NEGATIVE_MONEY = /^\d{1,15}(?:\.\d{1,4})?$/;

function moneyText(pattern: RegExp, patternMessage: string) {
  return z
    .string({
      error: (issue) =>
        issue.code === 'invalid_type' && typeof issue.input === 'number'
          ? 'must be a decimal string such as "12.3456", not a JSON number'
          : undefined,
    })
    .regex(pattern, { error: patternMessage });
}

/** Signed amount, e.g. an inventory value that went negative with negative stock. */
export const moneySchema = moneyText(
  SIGNED_MONEY,
  'must be a decimal string with up to 15 integer and 4 fraction digits, e.g. "-12.3456"',
).describe('Signed decimal amount as a string, at most 4 fraction digits');

/** Prices and costs: never negative. */
export const nonNegativeMoneySchema = moneyText(
  NON_NEGATIVE_MONEY,
  'must be a non-negative decimal string with up to 15 integer and 4 fraction digits, e.g. "12.3456"',
).describe('Non-negative decimal amount as a string, at most 4 fraction digits');

/** ISO 4217 alphabetic code. The list of codes is not checked: currencies come and go. */
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'must be a three-letter ISO 4217 currency code in upper case, e.g. "EUR"' })
  .describe('ISO 4217 currency code');

/**
 * Units of the valuation currency one unit of the stated currency buys, as a decimal string (a
 * JSON number would already be binary floating point). Up to 10 fraction digits, as rate feeds
 * quote them; zero is refused, since it would value goods at nothing.
 */
export const EXCHANGE_RATE_FRACTION_DIGITS = 10;
export const exchangeRateSchema = z
  .string()
  .regex(/^\d{1,9}(?:\.\d{1,10})?$/, { error: 'must be a positive decimal string with up to 9 integer and 10 fraction digits, e.g. "1.0834"' })
  .refine((rate) => /[1-9]/.test(rate), { error: 'must be greater than zero' })
  .describe('Valuation-currency units per unit of `currency`, a positive decimal string');
