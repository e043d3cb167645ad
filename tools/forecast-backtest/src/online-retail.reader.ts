/**
 * Reads the gzipped Online Retail CSV as a stream and aggregates it to daily net demand per stock
 * code (see retail-line.classifier and daily-demand.aggregation for the rules).
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CsvRecordParser } from './csv-record.parser';
import { DailyDemandAggregator, type DailyDemandSeries, dayNumber } from './daily-demand.aggregation';
import { type RetailLineKind, classifyRetailLine, demandContribution } from './retail-line.classifier';

export const ONLINE_RETAIL_COLUMNS = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];

export interface OnlineRetailSummary {
  readonly lines: number;
  readonly linesByKind: Readonly<Record<RetailLineKind, number>>;
  readonly negativeNetDays: number;
}

export interface OnlineRetailData {
  readonly series: DailyDemandSeries[];
  readonly summary: OnlineRetailSummary;
}

/** Consumes CSV records (header first) into the aggregator; shared by file reading and tests. */
export class OnlineRetailAccumulator {
  readonly aggregator = new DailyDemandAggregator();
  readonly linesByKind: Record<RetailLineKind, number> = { sale: 0, return: 0, 'stock-adjustment': 0, 'non-stock': 0, 'bad-debt': 0 };
  lines = 0;
  private headerSeen = false;

  accept(record: readonly string[]): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      if (record.join(',') !== ONLINE_RETAIL_COLUMNS.join(',')) {
        throw new Error(`DATA.UNEXPECTED_HEADER: expected ${ONLINE_RETAIL_COLUMNS.join(',')}, got ${record.join(',')}`);
      }
      return;
    }
    if (record.length !== ONLINE_RETAIL_COLUMNS.length) {
      throw new Error(`DATA.BAD_RECORD: line ${this.lines + 2} has ${record.length} fields, expected ${ONLINE_RETAIL_COLUMNS.length}`);
    }
    const [invoiceNo, stockCode, , quantityText, invoiceDate, unitPriceText, customerId] = record;
    const line = { invoiceNo, stockCode: stockCode.trim(), quantity: Number(quantityText), unitPrice: Number(unitPriceText), customerId };
    if (!Number.isFinite(line.quantity) || !Number.isFinite(line.unitPrice)) {
      throw new Error(`DATA.BAD_NUMBER: line ${this.lines + 2} has Quantity "${quantityText}" and UnitPrice "${unitPriceText}"`);
    }
    this.lines++;
    const kind = classifyRetailLine(line);
    this.linesByKind[kind]++;
    const day = dayNumber(invoiceDate);
    if (kind === 'sale' || kind === 'return') this.aggregator.add(line.stockCode.toUpperCase(), day, demandContribution(line, kind));
    else this.aggregator.markTradingDay(day);
  }

  result(): OnlineRetailData {
    const series = this.aggregator.build();
    return { series, summary: { lines: this.lines, linesByKind: { ...this.linesByKind }, negativeNetDays: this.aggregator.negativeNetDays } };
  }
}

export async function readOnlineRetail(gzipPath: string): Promise<OnlineRetailData> {
  const accumulator = new OnlineRetailAccumulator();
  const parser = new CsvRecordParser();
  const stream = createReadStream(gzipPath).pipe(createGunzip());
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    for (const record of parser.push(chunk)) accumulator.accept(record);
  }
  for (const record of parser.end()) accumulator.accept(record);
  return accumulator.result();
}
