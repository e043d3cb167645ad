// Writes money in its canonical wire form: always exactly 4 fraction digits ("12.3400",
// "-0.0001", "0.0000"). One string per amount keeps event bodies byte-stable (deterministic ids
// and easy diffs) and matches how PostgreSQL prints numeric(24,4), so a value read back from the
// database formats to the same text. There is no "-0.0000".
import { MONEY_FRACTION_DIGITS, MONEY_SCALE, Money, isWithinWireRange } from './money';
import { MoneyError } from './money-error';

/**
 * Formats ten-thousandths as a decimal string with exactly 4 fraction digits.
 * @throws MoneyError MONEY.OUT_OF_RANGE when the amount has more than 15 integer digits, since the
 * result could not be published.
 */
export function formatMoney(amount: Money): string {
  if (!isWithinWireRange(amount)) {
    throw new MoneyError('MONEY.OUT_OF_RANGE', `amount of ${amount} ten-thousandths exceeds 15 integer digits`);
  }
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  // Nearly every amount is below 2^53 ten-thousandths (900 billion units), where number
  // arithmetic is exact and several times cheaper than bigint division: every event and every
  // ledger row formats a handful of amounts.
  if (magnitude <= MAX_EXACT_NUMBER) {
    const tenThousandths = Number(magnitude);
    const fraction = tenThousandths % SCALE;
    const integerPart = (tenThousandths - fraction) / SCALE;
    return `${negative ? '-' : ''}${integerPart}.${fraction < 10 ? '000' : fraction < 100 ? '00' : fraction < 1000 ? '0' : ''}${fraction}`;
  }
  const integerPart = (magnitude / MONEY_SCALE).toString();
  const fractionPart = (magnitude % MONEY_SCALE).toString().padStart(MONEY_FRACTION_DIGITS, '0');
  return `${negative ? '-' : ''}${integerPart}.${fractionPart}`;
}

const MAX_EXACT_NUMBER = BigInt(Number.MAX_SAFE_INTEGER);
const SCALE = Number(MONEY_SCALE);
