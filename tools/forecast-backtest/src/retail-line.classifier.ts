/**
 * What a line of the Online Retail data means for stock, decided once and in one place:
 * - invoices starting with C are cancellations, i.e. customer returns (negative quantity);
 * - invoices starting with A are bad-debt bookkeeping, not goods;
 * - fees, postage, discounts, manual entries and gift vouchers are not stock items;
 * - price-0 lines with no customer are stock adjustments ("found", "damaged", "check"), in either
 *   direction, not demand; price-0 lines for a customer are goods shipped free and do count.
 */

export type RetailLineKind = 'sale' | 'return' | 'stock-adjustment' | 'non-stock' | 'bad-debt';

export interface RetailLine {
  readonly invoiceNo: string;
  readonly stockCode: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly customerId: string;
}

const NON_STOCK_CODES: ReadonlySet<string> = new Set([
  'POST',
  'DOT',
  'M',
  'D',
  'C2',
  'S',
  'B',
  'BANK CHARGES',
  'AMAZONFEE',
  'CRUK',
  'PADS',
]);

export function isNonStockCode(stockCode: string): boolean {
  const code = stockCode.trim().toUpperCase();
  return NON_STOCK_CODES.has(code) || code.startsWith('GIFT_');
}

export function classifyRetailLine(line: RetailLine): RetailLineKind {
  if (isNonStockCode(line.stockCode)) return 'non-stock';
  const invoicePrefix = line.invoiceNo.charAt(0).toUpperCase();
  if (invoicePrefix === 'A') return 'bad-debt';
  if (invoicePrefix === 'C') return 'return';
  if (line.unitPrice === 0 && line.customerId.trim() === '') return 'stock-adjustment';
  // A negative quantity on an ordinary invoice is a correction of stock, never a sale.
  if (line.quantity < 0) return 'stock-adjustment';
  return 'sale';
}

/** Signed contribution of a line to demand: sales add, returns subtract, everything else is 0. */
export function demandContribution(line: RetailLine, kind: RetailLineKind = classifyRetailLine(line)): number {
  if (kind === 'sale') return line.quantity;
  if (kind === 'return') return -Math.abs(line.quantity);
  return 0;
}
