// Properties that must hold for every amount, not just the worked examples.
import fc from 'fast-check';
import { MAX_WIRE_MONEY, MONEY_STRING_PATTERN, divideHalfEven, formatMoney, mulDiv, parseMoney } from './index';

const wireAmount = fc.bigInt({ min: -MAX_WIRE_MONEY, max: MAX_WIRE_MONEY });
const nonZeroDivisor = fc.bigInt({ min: -1_000_000n, max: 1_000_000n }).filter((d) => d !== 0n);

describe('money properties', () => {
  it('format then parse returns the same amount, and the text matches the wire pattern', () => {
    fc.assert(
      fc.property(wireAmount, (amount) => {
        const text = formatMoney(amount);
        expect(text).toMatch(MONEY_STRING_PATTERN);
        expect(parseMoney(text)).toBe(amount);
      }),
    );
  });

  it('parse then format gives the canonical spelling of any accepted string', () => {
    const wireString = fc.stringMatching(MONEY_STRING_PATTERN);
    fc.assert(
      fc.property(wireString, (text) => {
        expect(formatMoney(parseMoney(text))).toBe(canonicalSpelling(text));
      }),
    );
  });

  it('a half-even quotient is within half a unit of the exact quotient, ties to even', () => {
    fc.assert(
      fc.property(wireAmount, nonZeroDivisor, (numerator, divisor) => {
        const q = divideHalfEven(numerator, divisor);
        // |numerator - q x divisor| <= |divisor| / 2, compared in integers.
        const error = numerator - q * divisor;
        const twiceError = (error < 0n ? -error : error) * 2n;
        const absDivisor = divisor < 0n ? -divisor : divisor;
        expect(twiceError <= absDivisor).toBe(true);
        if (twiceError === absDivisor) {
          expect(q % 2n).toBe(0n);
        }
      }),
    );
  });

  it('rounding is symmetric: -(a / b) = (-a) / b', () => {
    fc.assert(
      fc.property(wireAmount, nonZeroDivisor, (numerator, divisor) => {
        expect(divideHalfEven(-numerator, divisor)).toBe(-divideHalfEven(numerator, divisor));
      }),
    );
  });

  it('mulDiv parts of a whole never drift more than one ten-thousandth per part', () => {
    fc.assert(
      fc.property(wireAmount, fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 0, max: 1_000 }), (amount, total, rawPart) => {
        const part = rawPart % (total + 1);
        const sum = mulDiv(amount, part, total) + mulDiv(amount, total - part, total);
        const drift = sum - amount;
        expect(drift >= -1n && drift <= 1n).toBe(true);
      }),
    );
  });
});

/** Independent string-only canonicalisation: no leading zeros, 4 fraction digits, no "-0.0000". */
function canonicalSpelling(text: string): string {
  const negative = text.startsWith('-');
  const [integerPart, fractionPart = ''] = (negative ? text.slice(1) : text).split('.');
  const integerDigits = integerPart.replace(/^0+(?=\d)/, '');
  const fractionDigits = fractionPart.padEnd(4, '0');
  const isZero = /^0+$/.test(integerDigits + fractionDigits);
  return `${negative && !isZero ? '-' : ''}${integerDigits}.${fractionDigits}`;
}
