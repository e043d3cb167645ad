// Puts the three checks together at the end of a fault run: the id history (nothing acknowledged
// lost, nothing applied twice or invented), the SQL invariants of the ledger's tables, and what an
// ERP consumer of stock-changed believes compared with the ledger's balances.
import { compareWithLedger, erpStockView, type StockChangedEnvelope } from './erp-stock-view';
import { appliedMovements, checkLedgerInvariants, ledgerBalances, type SqlQueryable } from './ledger-invariants';
import type { HistoryFigures, MovementHistory } from './movement-history';

export interface HistoryCheckInput {
  history: MovementHistory;
  db: SqlQueryable;
  /** The ledger's schema (inventory_ledger unless the deployment says otherwise). */
  schema?: string;
  /** Every stock-changed envelope read from the topic; omit to skip the consumer comparison. */
  stockChanged?: Iterable<StockChangedEnvelope>;
}

export interface HistoryReport extends HistoryFigures {
  /** Movements the ledger derived itself (count variances, corrections, shipments). */
  derived: number;
  ledgerMovements: number;
  balances: number;
  stockChangedEvents: number | null;
  duplicateStockChangedDropped: number | null;
  /** Every broken rule, in words; empty when the run kept the promise. */
  violations: string[];
  ok: boolean;
}

export async function checkHistory({ history, db, schema = 'inventory_ledger', stockChanged }: HistoryCheckInput): Promise<HistoryReport> {
  const rows = await appliedMovements(db, schema);
  history.clearApplied();
  history.applied(rows.filter((row) => !row.derived).map((row) => row.movementId));
  const figures = history.figures();
  const violations: string[] = [];
  if (figures.lost > 0) violations.push(`${figures.lost} acknowledged movements lost, e.g. ${figures.examples.lost.join(', ')}`);
  if (figures.doubled > 0) violations.push(`${figures.doubled} movements applied more than once, e.g. ${figures.examples.doubled.join(', ')}`);
  if (figures.appliedDespiteDeadLetter > 0) {
    violations.push(`${figures.appliedDespiteDeadLetter} dead-lettered movements were applied too, e.g. ${figures.examples.appliedDespiteDeadLetter.join(', ')}`);
  }
  if (figures.phantom > 0) violations.push(`${figures.phantom} movements applied but never submitted, e.g. ${figures.examples.phantom.join(', ')}`);

  const recorded = new Set(rows.map((row) => row.movementId));
  for (const row of rows) {
    if (row.causedBy !== null && !recorded.has(row.causedBy)) {
      violations.push(`derived movement ${row.movementId} has no recorded cause ${row.causedBy}`);
    }
  }

  const invariants = await checkLedgerInvariants(db, schema);
  violations.push(...invariants.violations);

  let stockChangedEvents: number | null = null;
  let duplicateStockChangedDropped: number | null = null;
  if (stockChanged !== undefined) {
    const view = erpStockView(stockChanged);
    stockChangedEvents = view.eventsReceived;
    duplicateStockChangedDropped = view.duplicateEventsDropped;
    violations.push(...compareWithLedger(view, await ledgerBalances(db, schema)).map((difference) => `stock-changed consumer: ${difference}`));
    const unseen = [...recorded].filter((id) => !view.movementIds.has(id));
    if (unseen.length > 0) violations.push(`${unseen.length} movements without a stock-changed event, e.g. ${unseen.slice(0, 5).join(', ')}`);
    const unknown = [...view.movementIds].filter((id) => !recorded.has(id));
    if (unknown.length > 0) violations.push(`${unknown.length} stock-changed events for movements not in the ledger, e.g. ${unknown.slice(0, 5).join(', ')}`);
  }

  return {
    ...figures,
    derived: rows.length - rows.filter((row) => !row.derived).length,
    ledgerMovements: invariants.movements,
    balances: invariants.balances,
    stockChangedEvents,
    duplicateStockChangedDropped,
    violations,
    ok: violations.length === 0,
  };
}

/** One line for the test log and the README: the figures a reader checks first. */
export function formatHistoryReport(label: string, report: HistoryReport): string {
  const events = report.stockChangedEvents === null ? '' : ` stock-changed=${report.stockChangedEvents} (duplicates dropped ${report.duplicateStockChangedDropped})`;
  const verdict = report.ok ? 'OK' : `FAILED:\n  - ${report.violations.join('\n  - ')}`;
  return (
    `[history] ${label}: sent=${report.sent} deliveries=${report.deliveries} acknowledged=${report.acknowledged} applied=${report.applied} ` +
    `lost=${report.lost} doubled=${report.doubled} dead-lettered=${report.deadLettered} phantom=${report.phantom} derived=${report.derived} balances=${report.balances}${events} ${verdict}`
  );
}
