// Brings a stated cost into the ledger's valuation currency (docs/valuation.md, "Currencies").
// A cost in another currency is converted once, on its exact total, and rounded once (half to
// even, to a ten-thousandth); the unit cost is that total per unit, rounded again only for
// display. A cost in another currency without a rate is refused, never averaged in as if it were
// the ledger's own money.
import { Money, divideHalfEven, divideRounded, multiplyByQuantity } from '@ledgerline/money';
import { LedgerError } from './ledger-error';

/** Fraction digits an exchange rate may carry; the wire contract allows the same. */
export const EXCHANGE_RATE_SCALE_DIGITS = 10;
const RATE_SCALE = 10n ** BigInt(EXCHANGE_RATE_SCALE_DIGITS);
const RATE_PATTERN = /^(\d{1,9})(?:\.(\d{1,10}))?$/;

/** A cost as a producer stated it: amounts in `currency` (absent: the valuation currency). */
export interface StatedCost {
  readonly movementId: string;
  readonly quantity: number;
  readonly unitCost: Money;
  readonly totalCost?: Money;
  readonly currency?: string;
  /** Valuation-currency units per unit of `currency`, as a decimal string such as "1.0834". */
  readonly exchangeRate?: string;
}

/** The cost in the valuation currency; `totalCost` is absent when the producer sent none and no conversion happened. */
export interface ValuedCost {
  readonly unitCost: Money;
  readonly totalCost?: Money;
}

export function costInValuationCurrency(cost: StatedCost, valuationCurrency: string): ValuedCost {
  const rate = cost.exchangeRate === undefined ? undefined : parseExchangeRate(cost.exchangeRate, cost.movementId);
  if (cost.currency === undefined || cost.currency === valuationCurrency) {
    if (rate !== undefined && rate !== RATE_SCALE) {
      throw new LedgerError(
        'LEDGER.INVALID_MOVEMENT',
        `movement ${cost.movementId}: exchangeRate ${cost.exchangeRate} given for a cost already in the valuation currency ${valuationCurrency}`,
        'exchangeRate',
      );
    }
    return cost.totalCost === undefined ? { unitCost: cost.unitCost } : { unitCost: cost.unitCost, totalCost: cost.totalCost };
  }
  if (rate === undefined) {
    throw new LedgerError(
      'LEDGER.CURRENCY_MISMATCH',
      `movement ${cost.movementId} costs in ${cost.currency} but this ledger values in ${valuationCurrency}: send exchangeRate (${valuationCurrency} per ${cost.currency}) or the cost in ${valuationCurrency}`,
      'currency',
    );
  }
  const statedTotal = cost.totalCost ?? multiplyByQuantity(cost.unitCost, cost.quantity);
  const totalCost = divideHalfEven(statedTotal * rate, RATE_SCALE);
  return { unitCost: divideRounded(totalCost, cost.quantity), totalCost };
}

/** The rate in 10^-10 units; refuses zero and anything not a plain positive decimal. */
export function parseExchangeRate(text: string, movementId: string): bigint {
  const [, whole = '0', fraction = ''] = RATE_PATTERN.exec(text) ?? [];
  const scaled = BigInt(whole) * RATE_SCALE + BigInt(fraction.padEnd(EXCHANGE_RATE_SCALE_DIGITS, '0'));
  if (scaled <= 0n) {
    throw new LedgerError('LEDGER.INVALID_MOVEMENT', `movement ${movementId}: exchangeRate "${text}" must be a positive decimal with up to 10 fraction digits`, 'exchangeRate');
  }
  return scaled;
}
