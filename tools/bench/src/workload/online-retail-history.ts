// The year of real online-retail trading as the ledger would have received it: every invoice
// mapped as the POS simulator's replay maps it (sales and returns as pos-ingestion turns till
// lines into movements, write-offs as ERP adjustments, each item, store and opening receipt
// published by the ERP the first time it is needed), dated at the invoice's own time moved so the
// year ends today. Movements are streamed; the catalog records (a few thousand) are kept for
// publishing after them.
import { TOPICS, inventoryMovementV1Schema, validateContract, type EncodedRecord, type InventoryMovementV1 } from '@ledgerline/contracts';
import { transactionToMovements } from '@ledgerline/pos-domain';
import { InvoiceAssembler, toAdjustments, toPosTransactions, type ReplayInvoice } from '../../../pos-simulator/src/replay/online-retail.mapper';

export { ONLINE_RETAIL_CURRENCY } from '../../../pos-simulator/src/replay/online-retail.mapper';
import { readOnlineRetailInvoices } from '../../../pos-simulator/src/replay/online-retail.reader';
import { ReplayMasterData } from '../../../pos-simulator/src/replay/replay-master-data';
import { HistoryKeys } from './history-keys';
import { encodeMovement } from './movement-workload';

/** As the POS simulator's replay stocks each SKU at a store before its first sale. */
const OPENING_QUANTITY = 500;
const DAY_MS = 86_400_000;

export class OnlineRetailHistory {
  readonly keys = new HistoryKeys();
  readonly catalogItems: EncodedRecord[] = [];
  readonly catalogLocations: EncodedRecord[] = [];
  readonly assembler = new InvoiceAssembler();
  movements = 0;
  /** Movements the POS contract would refuse (pos-ingestion answers them with an error): not published. */
  refused = 0;

  private constructor(
    private readonly file: string,
    private readonly runId: string,
    private readonly invoiceLimit: number,
    /** Added to every invoice time so that the last invoice read falls on the day before today. */
    private readonly shiftMs: number,
  ) {}

  /** Reads the file once to find where its span ends, so the history can end today. */
  static async open(file: string, runId: string, invoiceLimit: number, now = Date.now()): Promise<OnlineRetailHistory> {
    let lastTime = Number.NaN;
    let invoices = 0;
    for await (const invoice of readOnlineRetailInvoices(file)) {
      lastTime = invoice.time;
      if (++invoices >= invoiceLimit) break;
    }
    if (Number.isNaN(lastTime)) throw new Error(`BENCH.NO_HISTORY: ${file} holds no invoices`);
    const lastDay = Math.floor(lastTime / DAY_MS) * DAY_MS;
    const yesterday = Math.floor(now / DAY_MS) * DAY_MS - DAY_MS;
    return new OnlineRetailHistory(file, runId, invoiceLimit, yesterday - lastDay);
  }

  /** The movements records, in file order; fills `keys`, the catalog records and the counts as it goes. */
  async *movementRecords(): AsyncGenerator<EncodedRecord> {
    const masterData = new ReplayMasterData(this.runId, OPENING_QUANTITY, new Map());
    let invoices = 0;
    for await (const invoice of readOnlineRetailInvoices(this.file, this.assembler)) {
      yield* this.recordsOf(invoice, masterData);
      if (++invoices >= this.invoiceLimit) break;
    }
  }

  private *recordsOf(invoice: ReplayInvoice, masterData: ReplayMasterData): Generator<EncodedRecord> {
    const occurredAt = new Date(invoice.time + this.shiftMs).toISOString();
    for (const record of masterData.recordsBefore(invoice, (name) => name, occurredAt)) {
      const encoded = { key: record.key, value: JSON.stringify(record.value) };
      if (record.topic === TOPICS.catalogItems.name) this.catalogItems.push(encoded);
      else if (record.topic === TOPICS.catalogLocations.name) this.catalogLocations.push(encoded);
      else yield this.counted((record.value as { payload: InventoryMovementV1 }).payload, encoded);
    }
    const posMovements = toPosTransactions(invoice, this.runId, occurredAt).flatMap((transaction) => (transaction.type === 'void' ? [] : transactionToMovements(transaction)));
    const movements: Array<[InventoryMovementV1, string]> = [
      ...toAdjustments(invoice, this.runId, occurredAt).map((movement): [InventoryMovementV1, string] => [movement, 'erp']),
      ...posMovements.map((movement): [InventoryMovementV1, string] => [movement, 'pos-ingestion']),
    ];
    for (const [movement, producer] of movements) {
      if (validateContract(inventoryMovementV1Schema, movement).ok) yield this.counted(movement, encodeMovement(movement, producer));
      else this.refused += 1;
    }
  }

  private counted(movement: InventoryMovementV1, record: EncodedRecord): EncodedRecord {
    this.keys.add(movement, Date.parse(movement.occurredAt));
    this.movements += 1;
    return record;
  }
}
