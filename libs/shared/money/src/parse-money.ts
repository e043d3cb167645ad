// Reads money from its wire form, a decimal string such as "12.34" or "-0.0001". Strict on
// purpose: anything the wire regex does not accept (exponents, separators, spaces, a fifth
// fraction digit) is an error, never rounded, because a silently changed amount is worse than a
// rejected event.
import { MONEY_FRACTION_DIGITS, Money } from './money';
import { MoneyError } from './money-error';

/** The wire contract for money strings, shared with the event schemas. */
export const MONEY_STRING_PATTERN = /^-?\d{1,15}(\.\d{1,4})?$/;

export function isMoneyString(text: unknown): text is string {
  return typeof text === 'string' && MONEY_STRING_PATTERN.test(text);
}

/**
 * Parses a decimal string into ten-thousandths.
 * @throws MoneyError MONEY.INVALID_FORMAT when the text is not `^-?\d{1,15}(\.\d{1,4})?$`.
 */
export function parseMoney(text: string): Money {
  if (!isMoneyString(text)) {
    throw new MoneyError(
      'MONEY.INVALID_FORMAT',
      `expected a decimal string with up to 15 integer digits and at most ${MONEY_FRACTION_DIGITS} fraction digits (e.g. "12.34"), got ${describe(text)}`,
    );
  }
  const negative = text.startsWith('-');
  const unsigned = negative ? text.slice(1) : text;
  const [integerPart, fractionPart = ''] = unsigned.split('.');
  const magnitude = BigInt(integerPart + fractionPart.padEnd(MONEY_FRACTION_DIGITS, '0'));
  return negative ? -magnitude : magnitude;
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  }
  return `a value of type ${typeof value}`;
}
