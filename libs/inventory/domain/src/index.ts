// Public entry of @ledgerline/inventory-domain: the inventory ledger's rules as pure functions
// over plain data. No framework, no I/O, no clock. Import from here only.
export { emptyBalance, balanceKey } from './stock-balance';
export type { StockBalance, BalanceKey } from './stock-balance';
export { COUNT_CORRECTION_REASON, COUNT_VARIANCE_REASON, LANDED_COST_TYPES, LEDGER_RESERVED_REASONS, MOVEMENT_KINDS } from './movement';
export type {
  AdjustmentMovement,
  CarriedLayer,
  CountMovement,
  LandedCostMovement,
  LandedCostVarianceMovement,
  Movement,
  MovementKind,
  OrderCancelledMovement,
  OrderPlacedMovement,
  ReceiptMovement,
  ReturnMovement,
  SaleMovement,
  TransferInMovement,
  TransferOutMovement,
  TransferShippedMovement,
  ValuationMethodChangeMovement,
  VoidMovement,
} from './movement';
export type {
  AlertDraft,
  AlertKind,
  CountVarianceAlertDraft,
  LowStockAlertDraft,
  NegativeStockAlertDraft,
  StockoutAlertDraft,
} from './stock-alert';
export { LedgerError } from './ledger-error';
export type { LedgerErrorCode } from './ledger-error';
export { validateMovement } from './validate-movement';
export { applyMovement, isForBalance } from './apply-movement';
export type { ApplyContext, MovementOutcome } from './apply-movement';
export { shipmentMovementId, valueCarried } from './movement-effects';
export type { ValuedEffect } from './movement-effects';
export { NO_LAYERS, applyFifoMovement } from './apply-fifo-movement';
export type { FifoMovementOutcome, KeyLayers } from './apply-fifo-movement';
export { addAtLastCost, addLayer, correctHeldUnits, fifoPool, takeOldestFirst, unitCostOf } from './fifo-layers';
export type { FifoLayer, FifoPool, HeldUnits, LayerAddition, LayerCorrection, LayerRemoval } from './fifo-layers';
export { VALUATION_METHODS, applyValuationMethodChange, balanceAtChangeToAverage, layersAtChangeToFifo } from './valuation-method';
export type { ValuationMethod } from './valuation-method';
export { EXCHANGE_RATE_SCALE_DIGITS, costInValuationCurrency, parseExchangeRate } from './valuation-currency';
export type { StatedCost, ValuedCost } from './valuation-currency';
export { countCorrectionId, isStaleCount, varianceAdjustmentId } from './physical-count';
export { onHandAsOf } from './ledger-entry';
export { landedCostBasisIn, landedCostVarianceId, receiptUnitsOnHand, unitsArrivedIn } from './landed-cost';
export type { LandedCostBasis } from './landed-cost';
export { earlyArrivalsIn, earlyArrivalUnitsOnHand } from './early-arrivals';
export type { EarlyArrival } from './early-arrivals';
export type { LedgerEntry } from './ledger-entry';
export { applyMovements } from './apply-movements';
export type { ApplyMovementsOptions, BalanceChange, BatchOutcome, ContextProvider, LayerChange } from './apply-movements';
export { applyAllOnce, applyOnce, balanceOf, emptyLedger, isDuplicate } from './in-memory-ledger';
export type { InMemoryLedger, InMemoryLedgerSettings } from './in-memory-ledger';
export { replayBalance } from './replay-balance';
export { AUDITED_FIELDS, LOCATION_TOTAL_FIELDS, auditedFigureText, balanceDiscrepancies, isMoneyField, keyVerification, locationTotalDiscrepancies, pauseAfterChunk } from './drift-audit';
export type {
  AuditPacing,
  AuditedField,
  AuditedFigures,
  FieldDiscrepancy,
  KeyVerification,
  KeyVerificationFacts,
  LocationTotalDiscrepancy,
  LocationTotalField,
  LocationTotalFigures,
  PassWindow,
} from './drift-audit';
export { valuationDeltasOf } from './valuation-deltas';
export type { StateThresholds, ValuationDelta } from './valuation-deltas';
export { countStockState, stockStateOf } from './stock-state';
export type { StockState, StockStateCounts } from './stock-state';
export { adjustmentDeltasOf } from './adjustment-deltas';
export type { AdjustmentDelta } from './adjustment-deltas';
export { landedCostDeltasOf } from './landed-cost-deltas';
export { businessDayOf, closeRefusalOf, dayAfter, isInClosedPeriod, postingDayIfMoved, postingDayOf, requireMethodChangeInOpenPeriod } from './closed-periods';
export type { CloseRefusal } from './closed-periods';
export type { LandedCostDelta } from './landed-cost-deltas';
export * from './reservations';
export { MAX_DERIVED_MOVEMENT_ID_LENGTH, allocatePurchaseOrderCost, purchaseOrderShareId, requireDerivableIds, requireWithinReceivedValue } from './purchase-order-cost';
export type { AllocationBasis, PurchaseOrderCostAllocation, PurchaseOrderCostShare, PurchaseOrderReceipt } from './purchase-order-cost';
