import { CreateLedger1764000000000 } from './1764000000000-create-ledger';
import { LeastPrivilegeWriter1764100000000 } from './1764100000000-least-privilege-writer';
import { EventsFromMovements1764200000000 } from './1764200000000-events-from-movements';
import { DropRecordedAtIndex1764300000000 } from './1764300000000-drop-recorded-at-index';
import { LighterLedgerWrites1764400000000 } from './1764400000000-lighter-ledger-writes';
import { OneStatementBatchWrites1764500000000 } from './1764500000000-one-statement-batch-writes';
import { DriftAudit1766000000000 } from './1766000000000-drift-audit';
import { ReadsBoundedByTheQuestion1766100000000 } from './1766100000000-reads-bounded-by-the-question';
import { DeadLetterArchive1766400000000 } from './1766400000000-dead-letter-archive';
import { PartitionedMovements1767000000000 } from './1767000000000-partitioned-movements';
import { BalanceKeySearch1767200000000 } from './1767200000000-balance-key-search';
import { ServiceCredentials1767400000000 } from './1767400000000-service-credentials';
import { Reservations1768300000000 } from './1768300000000-reservations';
import { MovementFingerprints1768400000000 } from './1768400000000-movement-fingerprints';
import { MovementRecordedTimeIndex1768700000000 } from './1768700000000-movement-recorded-time-index';
import { DailyAdjustments1768710000000 } from './1768710000000-daily-adjustments';
import { AdjustmentsByLocation1768900000000 } from './1768900000000-adjustments-by-location';
import { ReservationRequestByAge1769000000000 } from './1769000000000-reservation-request-by-age';
import { DriftAuditOfReserved1769010000000 } from './1769010000000-drift-audit-of-reserved';
import { LocationStockStates1769020000000 } from './1769020000000-location-stock-states';
import { LocationSettings1769030000000 } from './1769030000000-location-settings';
import { DriftAuditOfLocationTotals1769040000000 } from './1769040000000-drift-audit-of-location-totals';
import { DailyLandedCosts1769200000000 } from './1769200000000-daily-landed-costs';
import { AppliedIdsPointToTheirMovements1769400000000 } from './1769400000000-applied-ids-point-to-their-movements';
import { FifoLayers1769500000000 } from './1769500000000-fifo-layers';
import { OpenEarlyArrivals1769600000000 } from './1769600000000-open-early-arrivals';
import { PurchaseOrderCosts1769650000000 } from './1769650000000-purchase-order-costs';
import { LandedCostReceipts1769800000000 } from './1769800000000-landed-cost-receipts';
import { ClosedPeriods1769900000000 } from './1769900000000-closed-periods';
import { ClosingInventory1769950000000 } from './1769950000000-closing-inventory';

export { ledgerWriterRole } from './1764100000000-least-privilege-writer';

/** Every migration of the ledger schema, oldest first. */
export const LEDGER_MIGRATIONS = [
  CreateLedger1764000000000,
  LeastPrivilegeWriter1764100000000,
  EventsFromMovements1764200000000,
  DropRecordedAtIndex1764300000000,
  LighterLedgerWrites1764400000000,
  OneStatementBatchWrites1764500000000,
  DriftAudit1766000000000,
  ReadsBoundedByTheQuestion1766100000000,
  DeadLetterArchive1766400000000,
  PartitionedMovements1767000000000,
  BalanceKeySearch1767200000000,
  ServiceCredentials1767400000000,
  Reservations1768300000000,
  MovementFingerprints1768400000000,
  MovementRecordedTimeIndex1768700000000,
  DailyAdjustments1768710000000,
  AdjustmentsByLocation1768900000000,
  ReservationRequestByAge1769000000000,
  DriftAuditOfReserved1769010000000,
  LocationStockStates1769020000000,
  LocationSettings1769030000000,
  DriftAuditOfLocationTotals1769040000000,
  DailyLandedCosts1769200000000,
  AppliedIdsPointToTheirMovements1769400000000,
  FifoLayers1769500000000,
  OpenEarlyArrivals1769600000000,
  PurchaseOrderCosts1769650000000,
  LandedCostReceipts1769800000000,
  ClosedPeriods1769900000000,
  ClosingInventory1769950000000,
];
