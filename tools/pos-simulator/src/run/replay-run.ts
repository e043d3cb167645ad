// Replays the Online Retail file through pos-ingestion at a chosen speed-up: each invoice is sent
// when its (compressed) time comes, with the send time as its event time and the original
// invoice in its attributes. The ERP side introduces each SKU and country store the first time it
// appears, stocks it with an opening receipt, and posts the file's write-offs as adjustments.
import { resolve } from 'node:path';
import type { SimulatorOptions } from '../config/simulator-options';
import { movementRecord } from '../generation/erp-movements';
import { InvoiceAssembler, REPLAY_TERMINAL_ID, toAdjustments, toPosTransactions, type ReplayInvoice } from '../replay/online-retail.mapper';
import { readOnlineRetailInvoices } from '../replay/online-retail.reader';
import { ReplayMasterData } from '../replay/replay-master-data';
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

  for await (const invoice of readOnlineRetailInvoices(path, assembler)) {
    if (signal.aborted || (options.duration > 0 && Date.now() - startedAt >= options.duration * 1000)) break;
    await send(invoice);
  }
  await context.finish();
}
