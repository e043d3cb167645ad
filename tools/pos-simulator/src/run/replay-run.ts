// Replays the Online Retail file through pos-ingestion at a chosen speed-up: each invoice is sent
// when its (compressed) time comes, with the send time as its event time and the original
// invoice in its attributes. The ERP side introduces each SKU and country store the first time it
// appears, stocks it with an opening receipt, and posts the file's write-offs as adjustments.
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { skuSchema, validateContract, type CatalogItemV1 } from '@ledgerline/contracts';
import type { SimulatorOptions } from '../config/simulator-options';
import { catalogItemRecord, catalogLocationRecord, movementRecord, type ErpRecord } from '../generation/erp-movements';
import { parseCsvLine } from '../replay/csv-line.parser';
import { InvoiceAssembler, ONLINE_RETAIL_HEADER, REPLAY_TERMINAL_ID, parseRetailRow, toAdjustments, toPosTransactions, type ReplayInvoice, type RetailRow } from '../replay/online-retail.mapper';
import { ReplaySchedule } from '../replay/replay-schedule';
import { RunContext, pause, type Reporter } from './run-context';

const MAX_BACKLOG = 2_000;

export async function runReplay(options: SimulatorOptions, runId: string, reporter: Reporter, signal: AbortSignal): Promise<void> {
  const path = resolve(options.replayFile);
  const costs = new Map<string, number>();
  const context = new RunContext(options, runId, reporter, (sku) => costs.get(sku));
  await context.start(signal);
  context.erp?.startPurchasing();
  const masterData = new ReplayMasterData(runId, options.replayOpeningQuantity, costs);
  const schedule = new ReplaySchedule(options.speedup, options.maxGap);
  const assembler = new InvoiceAssembler();
  let dataTime = 0;
  context.startStatusLine(() => `replaying ${new Date(dataTime).toISOString().slice(0, 16).replace('T', ' ')}, skipped ${JSON.stringify(assembler.skipped)}`);

  const startedAt = Date.now();
  const send = async (invoice: ReplayInvoice) => {
    dataTime = invoice.time;
    await pause(startedAt + schedule.offsetOf(invoice.time) - Date.now(), signal);
    while (context.queues.backlog > MAX_BACKLOG && !signal.aborted) await pause(100, signal);
    const occurredAt = new Date().toISOString();
    const erp = context.erp;
    if (erp) {
      const records = masterData.recordsBefore(invoice, erp.topic, occurredAt);
      records.push(...toAdjustments(invoice, runId, occurredAt).map((adjustment) => movementRecord(erp.topic, adjustment)));
      // Stock arrives before the first sale of the key, so the ledger sees the receipt first.
      if (records.length > 0) await erp.publish(records);
    }
    const transactions = toPosTransactions(invoice, runId, occurredAt);
    if (transactions.length === 0) return;
    await context.apiKeyFor(invoice.storeId, REPLAY_TERMINAL_ID, `Web shop ${invoice.storeId.slice(4)}`);
    for (const transaction of transactions) {
      context.submit({ kind: 'live', terminal: { storeId: invoice.storeId, terminalId: REPLAY_TERMINAL_ID }, transaction, resend: false });
    }
  };

  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (signal.aborted || (options.duration > 0 && Date.now() - startedAt >= options.duration * 1000)) break;
    if (header) {
      header = false;
      if (line.trim() !== ONLINE_RETAIL_HEADER) throw new Error(`REPLAY.UNEXPECTED_HEADER: ${path} starts with "${line.slice(0, 120)}", expected "${ONLINE_RETAIL_HEADER}"`);
      continue;
    }
    const row = parseRetailRow(parseCsvLine(line));
    if (!row) {
      assembler.skipped.unusable += 1;
      continue;
    }
    const completed = assembler.add(row);
    if (completed) await send(completed);
  }
  lines.close();
  const last = assembler.finish();
  if (last && !signal.aborted) await send(last);
  await context.finish();
}

/** Catalog items, store locations and opening stock, each published the first time it is needed. */
class ReplayMasterData {
  private readonly items = new Set<string>();
  private readonly stores = new Set<string>();
  private readonly stocked = new Set<string>();

  constructor(
    private readonly runId: string,
    private readonly openingQuantity: number,
    private readonly costs: Map<string, number>,
  ) {}

  recordsBefore(invoice: ReplayInvoice, topic: (name: string) => string, now: string): ErpRecord[] {
    const records: ErpRecord[] = [];
    if (!this.stores.has(invoice.storeId)) {
      this.stores.add(invoice.storeId);
      records.push(catalogLocationRecord(topic, { locationId: invoice.storeId, name: `Web shop ${invoice.storeId.slice(4)}`, kind: 'online', timezone: 'Europe/London', active: true, updatedAt: now }));
    }
    for (const row of [...invoice.sales, ...invoice.returns, ...invoice.adjustments]) {
      if (!validateContract(skuSchema, row.stockCode).ok) continue; // pos-ingestion will reject it, as it should
      if (!this.items.has(row.stockCode)) {
        this.items.add(row.stockCode);
        this.costs.set(row.stockCode, costCentsOf(row));
        records.push(catalogItemRecord(topic, this.item(row, now)));
      }
      const key = `${row.stockCode}@${invoice.storeId}`;
      if (this.openingQuantity > 0 && !this.stocked.has(key)) {
        this.stocked.add(key);
        records.push(
          movementRecord(topic, {
            movementId: `erp:opening:${this.runId}:${invoice.storeId}:${row.stockCode}`,
            kind: 'receipt',
            sku: row.stockCode,
            locationId: invoice.storeId,
            quantity: this.openingQuantity,
            unitCost: centsText(this.costs.get(row.stockCode) ?? 10),
            currency: 'GBP',
            occurredAt: now,
            source: { system: 'erp', documentId: `OPEN-${this.runId}-${invoice.storeId}` },
          }),
        );
      }
    }
    return records;
  }

  private item(row: RetailRow, now: string): CatalogItemV1 {
    return {
      sku: row.stockCode,
      description: row.description.replace(/\p{Cc}/gu, ' ').trim().slice(0, 500) || `Item ${row.stockCode}`,
      unit: 'each',
      packSize: 1,
      lowStockThreshold: Math.ceil(this.openingQuantity * 0.2),
      active: true,
      reorderPolicy: { leadTimeDays: 3, serviceLevel: 0.95, reviewPeriodDays: 0, minimumOrderQuantity: 1 },
      updatedAt: now,
    };
  }
}

/** The file has selling prices only; cost is taken as 60% of the first price seen. */
function costCentsOf(row: RetailRow): number {
  return Math.max(10, Math.round(Number(row.unitPrice) * 100 * 0.6));
}

function centsText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
