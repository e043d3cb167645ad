// Public entry of @ledgerline/history-checker: proves, after a fault run, that every acknowledged
// movement is in the ledger exactly once and every balance equals the sum of its movements.
export { MovementHistory, type HistoryFigures } from './movement-history';
export { erpStockView, compareWithLedger, type ErpStockView, type StockChangedEnvelope, type StockFigures } from './erp-stock-view';
export {
  STOCK_CHANGED_TOPIC,
  appliedMovements,
  checkLedgerInvariants,
  ledgerBalances,
  type LedgerBalance,
  unpublishedOutboxRecords,
  type AppliedMovementRow,
  type LedgerInvariantResult,
  type SqlQueryable,
} from './ledger-invariants';
export { checkHistory, formatHistoryReport, type HistoryCheckInput, type HistoryReport } from './history-check';
export { reservationViolations } from './reservation-invariants';
export { earlyArrivalViolations } from './early-arrival-invariants';
export { landedCostReceiptViolations } from './landed-cost-receipt-invariants';
export { closedPeriodViolations } from './closed-period-invariants';
export { closingInventoryViolations } from './closing-inventory-invariants';
export { publishedReservationViolations, reservedChangeOf } from './published-reservations';
export { movementAvailabilityAlertViolations } from './published-availability-alerts';
export { newestStockLevels, publishedStockLevelViolations } from './published-stock-levels';
