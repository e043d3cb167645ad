// Public entry of @ledgerline/money: exact money as bigint ten-thousandths, its wire format and
// its arithmetic. Import from here only.
export { MAX_WIRE_MONEY, MONEY_FRACTION_DIGITS, MONEY_SCALE, ZERO_MONEY, isMoney, isWithinWireRange } from './money';
export type { Money } from './money';
export { MoneyError } from './money-error';
export type { MoneyErrorCode } from './money-error';
export { MONEY_STRING_PATTERN, isMoneyString, parseMoney } from './parse-money';
export { formatMoney } from './format-money';
export { divideHalfEven } from './rounding';
export type { IntegerOperand } from './rounding';
export { absMoney, divideRounded, mulDiv, multiplyByQuantity, negateMoney, sumMoney } from './money-arithmetic';
export { compareMoney, isZeroMoney, maxMoney, minMoney } from './money-comparison';
