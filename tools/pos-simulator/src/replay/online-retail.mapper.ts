// Turns the rows of the Online Retail file (see /work/shared/data/README.md) into what a POS and
// an ERP would have sent, deciding each quirk of the data deliberately:
//   - invoices starting with C are cancellations: a POS return of the same goods;
//   - invoices starting with A are bad-debt bookkeeping: no goods move, skipped;
//   - fees and postage (POST, DOT, M, BANK CHARGES, AMAZONFEE, gift vouchers...) are not stock: skipped;
//   - price-0 lines without a customer, and negative lines on ordinary invoices, are stock
//     write-offs and finds: ERP adjustments with a reason read from the description, not sales;
//   - price-0 lines for a customer are goods given away: a sale at price 0;
//   - a line above the POS limit of 10,000 units is split into several lines of the same SKU, and
//     an invoice above 500 lines into several transactions;
//   - Country is the selling location: one web store per country, one terminal each.
import { MAX_LINES_PER_TRANSACTION, MAX_POS_LINE_QUANTITY, type AdjustmentReasonCode, type MovementOfKind, type PosTransactionLineV1, type PosTransactionV1 } from '@ledgerline/contracts';

export const ONLINE_RETAIL_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

export interface RetailRow {
  readonly invoiceNo: string;
  readonly stockCode: string;
  readonly description: string;
  readonly quantity: number;
  /** Invoice time as milliseconds, reading the UK local time as if it were UTC (only gaps matter). */
  readonly time: number;
  readonly unitPrice: string;
  readonly customerId: string;
  readonly country: string;
}

export type RowKind = 'sale' | 'return' | 'adjustment' | 'non-stock' | 'bad-debt' | 'unusable';

export interface ReplayInvoice {
  readonly invoiceNo: string;
  /** Distinguishes the parts of an invoice whose rows are not contiguous in the file. */
  readonly part: number;
  readonly time: number;
  readonly storeId: string;
  readonly customerId: string;
  readonly sales: readonly RetailRow[];
  readonly returns: readonly RetailRow[];
  readonly adjustments: readonly RetailRow[];
}

const NON_STOCK_CODES = new Set(['POST', 'DOT', 'M', 'D', 'C2', 'S', 'B', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'PADS']);
const PRICE = /^\d{1,15}(?:\.\d{1,4})?$/;
export const REPLAY_TERMINAL_ID = 'WEB';
/** The file's prices are in pounds sterling; a ledger replaying it values stock in the same currency (VALUATION_CURRENCY). */
export const ONLINE_RETAIL_CURRENCY = 'GBP';

export function parseRetailRow(fields: readonly string[]): RetailRow | undefined {
  if (fields.length !== 8) return undefined;
  const [invoiceNo, stockCode, description, quantity, invoiceDate, unitPrice, customerId, country] = fields as [string, string, string, string, string, string, string, string];
  const time = Date.parse(`${invoiceDate.replace(' ', 'T')}Z`);
  const parsedQuantity = Number(quantity);
  if (!Number.isSafeInteger(parsedQuantity) || Number.isNaN(time)) return undefined;
  return {
    invoiceNo: invoiceNo.trim(),
    stockCode: stockCode.trim().toUpperCase(),
    description: description.trim(),
    quantity: parsedQuantity,
    time,
    unitPrice: unitPrice.trim(),
    customerId: customerId.trim().replace(/\.0$/, ''),
    country: country.trim(),
  };
}

export function classifyRow(row: RetailRow): RowKind {
  if (NON_STOCK_CODES.has(row.stockCode) || row.stockCode.startsWith('GIFT_')) return 'non-stock';
  if (row.invoiceNo.startsWith('A')) return 'bad-debt';
  if (row.quantity === 0 || row.stockCode === '' || !PRICE.test(row.unitPrice)) return 'unusable';
  if (row.invoiceNo.startsWith('C')) return row.quantity < 0 ? 'return' : 'unusable';
  if (Number(row.unitPrice) === 0 && row.customerId === '') return 'adjustment';
  if (row.quantity < 0) return 'adjustment';
  return 'sale';
}

/** One web store per country: "United Kingdom" -> WEB-UNITED-KINGDOM. */
export function storeIdOfCountry(country: string): string {
  const slug = country.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `WEB-${slug || 'UNKNOWN'}`;
}

/** Groups consecutive rows into invoices; feed rows in file order, then call finish(). */
export class InvoiceAssembler {
  private current: { rows: RetailRow[]; part: number } | undefined;
  private readonly partsSeen = new Map<string, number>();
  readonly skipped: Record<Exclude<RowKind, 'sale' | 'return' | 'adjustment'>, number> = { 'non-stock': 0, 'bad-debt': 0, unusable: 0 };

  /** Returns the invoice this row completed, if it started a new one. */
  add(row: RetailRow): ReplayInvoice | undefined {
    if (this.current && this.current.rows[0]?.invoiceNo === row.invoiceNo) {
      this.current.rows.push(row);
      return undefined;
    }
    const completed = this.finish();
    const part = (this.partsSeen.get(row.invoiceNo) ?? 0) + 1;
    this.partsSeen.set(row.invoiceNo, part);
    this.current = { rows: [row], part };
    return completed;
  }

  finish(): ReplayInvoice | undefined {
    const current = this.current;
    this.current = undefined;
    if (!current) return undefined;
    const first = current.rows[0] as RetailRow;
    const byKind = { sale: [] as RetailRow[], return: [] as RetailRow[], adjustment: [] as RetailRow[] };
    for (const row of current.rows) {
      const kind = classifyRow(row);
      if (kind === 'sale' || kind === 'return' || kind === 'adjustment') byKind[kind].push(row);
      else this.skipped[kind] += 1;
    }
    return {
      invoiceNo: first.invoiceNo,
      part: current.part,
      time: first.time,
      storeId: storeIdOfCountry(first.country),
      customerId: first.customerId,
      sales: byKind.sale,
      returns: byKind.return,
      adjustments: byKind.adjustment,
    };
  }
}

/** The POS transactions an invoice's sales or returns become (none when it has neither). */
export function toPosTransactions(invoice: ReplayInvoice, runId: string, occurredAt: string): PosTransactionV1[] {
  const rows = invoice.returns.length > 0 ? invoice.returns : invoice.sales;
  const lines: Array<Omit<PosTransactionLineV1, 'lineNumber'>> = [];
  for (const row of rows) {
    for (let remaining = Math.abs(row.quantity); remaining > 0; remaining -= MAX_POS_LINE_QUANTITY) {
      lines.push({ sku: row.stockCode, quantity: Math.min(remaining, MAX_POS_LINE_QUANTITY), unitPrice: row.unitPrice });
    }
  }
  const attributes: Record<string, string> = { invoiceNo: invoice.invoiceNo, invoiceTime: new Date(invoice.time).toISOString().slice(0, 16).replace('T', ' ') };
  if (invoice.customerId) attributes['customerId'] = invoice.customerId;
  const baseId = `${runId}-${invoice.invoiceNo}${invoice.part > 1 ? `-${invoice.part}` : ''}`;
  const transactions: PosTransactionV1[] = [];
  for (let start = 0; start < lines.length; start += MAX_LINES_PER_TRANSACTION) {
    const chunk = lines.slice(start, start + MAX_LINES_PER_TRANSACTION);
    const chunkNumber = start / MAX_LINES_PER_TRANSACTION + 1;
    transactions.push({
      transactionId: chunkNumber === 1 ? baseId : `${baseId}-p${chunkNumber}`,
      storeId: invoice.storeId,
      terminalId: REPLAY_TERMINAL_ID,
      occurredAt,
      type: invoice.returns.length > 0 ? 'return' : 'sale',
      currency: ONLINE_RETAIL_CURRENCY,
      lines: chunk.map((line, index) => ({ lineNumber: index + 1, ...line })),
      attributes,
    });
  }
  return transactions;
}

/** Write-offs and finds as ERP adjustments at the store of the invoice. */
export function toAdjustments(invoice: ReplayInvoice, runId: string, occurredAt: string): Array<MovementOfKind<'adjustment'>> {
  return invoice.adjustments.map((row, index) => ({
    movementId: `erp:replay:${runId}:${invoice.invoiceNo}:${invoice.part}:${index + 1}`,
    kind: 'adjustment',
    sku: row.stockCode,
    locationId: invoice.storeId,
    quantity: row.quantity,
    reasonCode: adjustmentReason(row),
    ...(row.description ? { note: row.description.slice(0, 500) } : {}),
    occurredAt,
    source: { system: 'erp', documentId: `ADJ-${invoice.invoiceNo}` },
  }));
}

export function adjustmentReason(row: Pick<RetailRow, 'description' | 'quantity'>): AdjustmentReasonCode {
  const text = row.description.toLowerCase();
  if (/damage|crush|broken|smashed|cracked/.test(text)) return 'damaged';
  if (/thrown|throw away|wet|rotten|mould|rusty|unsaleable|dotcom sold|sold as set/.test(text)) return 'write-off';
  if (/lost|missing/.test(text)) return 'lost';
  if (/found/.test(text) || row.quantity > 0) return 'found';
  // A stock-take or check correction posted by the ERP is a plain correction: the ledger keeps
  // count-correction (and count-variance) for the adjustments it derives itself and refuses them
  // from anyone else.
  return 'correction';
}
