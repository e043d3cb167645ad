// Public entry of @ledgerline/pos-domain: how POS transactions become inventory movements, the
// intake rules beyond the schema, idempotency fingerprints and the publication plan. Pure
// functions over plain data: no framework, no I/O; the clock is passed in. Import from here only.
export { violation, IntakeRuleError, type IntakeRuleCode, type IntakeViolation } from './intake-error';
export { posMovementId, posLineMovementIds, voidMovementId, escapeSegment, longestMovementIdLength, MAX_MOVEMENT_ID_LENGTH } from './movement-ids';
export { transactionToMovements, transactionMovementIds, type PosLinesTransaction, type PosLineMovement } from './transaction-to-movements';
export { voidToMovements, type PosVoidMovement } from './void-to-movements';
export { transactionFingerprint } from './transaction-fingerprint';
export {
  checkEventTime,
  checkCallerScope,
  checkMovementIdLength,
  checkVoidTarget,
  checkTransactionRules,
  DEFAULT_EVENT_TIME_POLICY,
  type EventTimePolicy,
  type CallerScope,
} from './intake-rules';
export {
  planPublication,
  transactionKeyOf,
  type PublicationPlan,
  type PlannedPublication,
  type PlannedRejection,
  type StoredTransaction,
  type StoredTransactionStatus,
  type TransactionKey,
} from './publication-plan';
export {
  STORE_OPERATION_KINDS,
  checkCatalogKnown,
  checkStoreOperation,
  checkTransferLineKnown,
  checkTransferReceipt,
  closeShortMovements,
  isStoreOperation,
  locationsNamed,
  transferLineOf,
  type CatalogKnowledge,
  type CloseShortRequest,
  type MovementCaller,
  type StoreOperationKind,
  type StoreOperationMovement,
  type StoreOperationRuleCode,
  type StoreOperationViolation,
  type TransferLine,
  type TransferProgress,
} from './store-operations';
export { CSV_IMPORT_KINDS, checkCsvHeader, csvLineMovement, splitCsvLine, type CsvImportKind, type CsvImportTarget, type CsvLineError } from './csv-import';
export * from './counting';
export { ledgerShipmentsOf, LedgerShipmentEventError, type LedgerShipment, type LedgerShipmentsOfEvents } from './ledger-shipments';
export { ledgerReceiptsOf, LedgerReceiptEventError, type LedgerReceipt, type LedgerReceiptsOfEvents } from './ledger-receipts';
