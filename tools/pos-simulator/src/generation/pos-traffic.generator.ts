// What the tills of the simulated stores send: sale baskets of 1-8 lines drawn by popularity,
// returns of lines sold earlier, voids of earlier sales, retries that resend a transaction already
// sent (a duplicate for pos-ingestion to absorb), and terminals that go offline, keep selling with
// their own clock, and replay everything in one batch when they reconnect (late events with old
// event times). Pure: the caller passes the time and gets back what to send.
import type { PosTransactionLineV1, PosTransactionV1 } from '@ledgerline/contracts';
import { centsToMoney, type CatalogPlan, type SimulatedItem } from './catalog.generator';
import { SeededRandom, WeightedPicker } from './seeded-random';

export interface TerminalRef {
  readonly storeId: string;
  readonly terminalId: string;
}

export type PosSubmission =
  | { readonly kind: 'live'; readonly terminal: TerminalRef; readonly transaction: PosTransactionV1; readonly resend: boolean }
  | { readonly kind: 'offline-replay'; readonly terminal: TerminalRef; readonly transactions: readonly PosTransactionV1[] };

export interface TrafficOptions {
  /** Prefix of every transaction id, unique per run so runs do not collide. */
  readonly runId: string;
  readonly currency: string;
  /** Share of transactions that are returns of an earlier sale line. */
  readonly returnRate: number;
  /** Share of transactions that void an earlier sale. */
  readonly voidRate: number;
  /** Chance, per transaction sent, that a till resends an earlier one. */
  readonly duplicateRate: number;
  /** Chance, per transaction, that its terminal goes offline. */
  readonly offlineRate: number;
  readonly offlineSeconds: { readonly min: number; readonly max: number };
}

interface SaleRecord {
  readonly transaction: Extract<PosTransactionV1, { type: 'sale' }>;
  /** Units of each line not yet returned. */
  readonly returnable: number[];
  voided: boolean;
}

interface TerminalState {
  readonly ref: TerminalRef;
  sequence: number;
  offlineUntil: number | null;
  readonly queued: PosTransactionV1[];
}

/** Weights of basket sizes 1..8: small baskets are the rule, full trolleys the exception. */
const BASKET_SIZE_WEIGHTS = [30, 22, 16, 11, 8, 6, 4, 3];
/** Mean lines of a sale basket (about 2.9): turns a line rate into a transaction count. */
export const MEAN_BASKET_LINES = BASKET_SIZE_WEIGHTS.reduce((sum, weight, index) => sum + weight * (index + 1), 0) / BASKET_SIZE_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
const RECENT_SALES_PER_STORE = 200;
const RECENT_SENT = 500;

export class PosTrafficGenerator {
  private readonly terminals: TerminalState[];
  private readonly itemPicker: WeightedPicker;
  private readonly basketSizePicker = new WeightedPicker(BASKET_SIZE_WEIGHTS);
  private readonly recentSales = new Map<string, SaleRecord[]>();
  private readonly recentlySent: Array<{ terminal: TerminalRef; transaction: PosTransactionV1 }> = [];
  private createdLines = 0;

  constructor(
    private readonly plan: CatalogPlan,
    private readonly options: TrafficOptions,
    private readonly random: SeededRandom,
  ) {
    this.terminals = plan.stores.flatMap((store) =>
      store.terminalIds.map((terminalId) => ({ ref: { storeId: store.storeId, terminalId }, sequence: 0, offlineUntil: null, queued: [] })),
    );
    if (this.terminals.length === 0) throw new Error('SIMULATOR.NO_TERMINALS: at least one store with one terminal is needed');
    this.itemPicker = new WeightedPicker(plan.items.map((item) => item.popularity));
  }

  /** Creates one transaction at `now` and returns everything the tills send as a result. */
  next(now: Date): PosSubmission[] {
    const submissions = this.reconnectDueTerminals(now);
    const terminal = this.random.pick(this.terminals);
    const transaction = this.createTransaction(terminal, now);
    this.createdLines += linesOf(transaction);

    if (terminal.offlineUntil === null && this.random.chance(this.options.offlineRate)) {
      const { min, max } = this.options.offlineSeconds;
      terminal.offlineUntil = now.getTime() + (min + this.random.next() * (max - min)) * 1000;
    }
    if (terminal.offlineUntil !== null) {
      terminal.queued.push(transaction);
      return submissions;
    }
    this.delivered(terminal.ref, transaction);
    submissions.push({ kind: 'live', terminal: terminal.ref, transaction, resend: false });
    if (this.recentlySent.length > 1 && this.random.chance(this.options.duplicateRate)) {
      const earlier = this.random.pick(this.recentlySent);
      submissions.push({ kind: 'live', terminal: earlier.terminal, transaction: earlier.transaction, resend: true });
    }
    return submissions;
  }

  /** Lines of every transaction created so far (resends not counted): what the rate budgets. */
  get linesCreated(): number {
    return this.createdLines;
  }

  /** Terminals offline right now, for the status line. */
  offlineTerminals(): number {
    return this.terminals.filter((terminal) => terminal.offlineUntil !== null).length;
  }

  /** Everything still queued on offline terminals, as replays, e.g. when the run ends. */
  flushOffline(): PosSubmission[] {
    return this.terminals.filter((terminal) => terminal.queued.length > 0).map((terminal) => this.reconnect(terminal));
  }

  private reconnectDueTerminals(now: Date): PosSubmission[] {
    return this.terminals
      .filter((terminal) => terminal.offlineUntil !== null && terminal.offlineUntil <= now.getTime())
      .map((terminal) => this.reconnect(terminal));
  }

  private reconnect(terminal: TerminalState): PosSubmission {
    const transactions = terminal.queued.splice(0, terminal.queued.length);
    terminal.offlineUntil = null;
    for (const transaction of transactions) this.delivered(terminal.ref, transaction);
    return { kind: 'offline-replay', terminal: terminal.ref, transactions };
  }

  private createTransaction(terminal: TerminalState, now: Date): PosTransactionV1 {
    terminal.sequence += 1;
    const common = {
      transactionId: `${this.options.runId}-${terminal.ref.storeId}-${terminal.ref.terminalId}-${String(terminal.sequence).padStart(6, '0')}`,
      storeId: terminal.ref.storeId,
      terminalId: terminal.ref.terminalId,
      occurredAt: now.toISOString(),
      currency: this.options.currency,
    };
    const roll = this.random.next();
    if (roll < this.options.voidRate) {
      // A till voids its own earlier sale, so the void queues behind the sale on the same till.
      const sale = this.pickSale(
        terminal.ref.storeId,
        (record) =>
          record.transaction.terminalId === terminal.ref.terminalId &&
          !record.voided &&
          record.returnable.every((units, index) => units === record.transaction.lines[index]?.quantity),
      );
      if (sale) {
        sale.voided = true;
        return { ...common, type: 'void', voidsTransactionId: sale.transaction.transactionId };
      }
    } else if (roll < this.options.voidRate + this.options.returnRate) {
      const returned = this.returnLine(terminal.ref.storeId);
      if (returned) return { ...common, type: 'return', lines: [returned] };
    }
    return { ...common, type: 'sale', lines: this.basket() };
  }

  private basket(): PosTransactionLineV1[] {
    const size = Math.min(this.basketSizePicker.pickIndex(this.random) + 1, this.plan.items.length);
    const chosen = new Set<SimulatedItem>();
    for (let attempt = 0; chosen.size < size && attempt < size * 10; attempt++) {
      chosen.add(this.plan.items[this.itemPicker.pickIndex(this.random)] as SimulatedItem);
    }
    return [...chosen].map((item, index) => ({
      lineNumber: index + 1,
      sku: item.sku,
      quantity: basketLineQuantity(this.random),
      unitPrice: centsToMoney(item.priceCents),
    }));
  }

  /** One line of an earlier, not voided sale of the store, for part or all of its units. */
  private returnLine(storeId: string): PosTransactionLineV1 | undefined {
    const sale = this.pickSale(storeId, (record) => !record.voided && record.returnable.some((units) => units > 0));
    if (!sale) return undefined;
    const candidates = sale.returnable.flatMap((units, index) => (units > 0 ? [index] : []));
    const index = this.random.pick(candidates);
    const line = sale.transaction.lines[index] as PosTransactionLineV1;
    const quantity = this.random.integer(1, sale.returnable[index] as number);
    sale.returnable[index] = (sale.returnable[index] as number) - quantity;
    return { lineNumber: 1, sku: line.sku, quantity, unitPrice: line.unitPrice };
  }

  private pickSale(storeId: string, eligible: (record: SaleRecord) => boolean): SaleRecord | undefined {
    const candidates = (this.recentSales.get(storeId) ?? []).filter(eligible);
    return candidates.length > 0 ? this.random.pick(candidates) : undefined;
  }

  /**
   * Only transactions that reached pos-ingestion can be returned, voided or resent, so a void
   * never overtakes the sale it cancels.
   */
  private delivered(terminal: TerminalRef, transaction: PosTransactionV1): void {
    this.recentlySent.push({ terminal, transaction });
    if (this.recentlySent.length > RECENT_SENT) this.recentlySent.shift();
    if (transaction.type !== 'sale') return;
    const sales = this.recentSales.get(transaction.storeId) ?? [];
    sales.push({ transaction, returnable: transaction.lines.map((line) => line.quantity), voided: false });
    if (sales.length > RECENT_SALES_PER_STORE) sales.shift();
    this.recentSales.set(transaction.storeId, sales);
  }
}

/** Mostly one unit, sometimes two, now and then a handful (mean about 1.5). */
export function basketLineQuantity(random: SeededRandom): number {
  const roll = random.next();
  if (roll < 0.7) return 1;
  if (roll < 0.9) return 2;
  return random.integer(3, 6);
}

/** Lines a transaction puts through the system (a void counts as one). */
export function linesOf(transaction: PosTransactionV1): number {
  return transaction.type === 'void' ? 1 : transaction.lines.length;
}
