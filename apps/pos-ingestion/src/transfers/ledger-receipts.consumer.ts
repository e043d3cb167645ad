// Follows inventory.stock-changed.v1 into ledger_receipt: every transfer receipt the ledger applied,
// through any door, so what a store received over Kafka counts against what it may still receive
// over HTTP. An event that breaks its contract, or a receipt that takes units off the shelf, stops
// its partition (the ledger is the only writer: a defect to fix, not data to skip).
import type { StockChangedV1 } from '@ledgerline/contracts';
import type { BatchConsumer } from '@ledgerline/messaging';
import { ledgerReceiptsOf } from '@ledgerline/pos-domain';
import { JsonLogger } from '@ledgerline/runtime';
import { stockChangedFollower, type StockChangedFollowerOptions } from '../intake/stock-changed-following';
import type { LedgerReceiptsSql } from './ledger-receipts-sql';

const logger = new JsonLogger('LedgerReceiptsConsumer');

/** The batch consumer of stock-changed for the receipts; its owner starts and stops it. From the start of the topic's retention: an open transfer may be old. */
export function ledgerReceiptsConsumer(receipts: LedgerReceiptsSql, options: StockChangedFollowerOptions): BatchConsumer<StockChangedV1> {
  return stockChangedFollower(
    { name: 'ledger-receipts', loggerName: 'LedgerReceiptsConsumer', waiting: 'receipts learnt from the ledger', handle: (events) => recordReceipts(receipts, events) },
    options,
  );
}

export async function recordReceipts(receipts: LedgerReceiptsSql, events: readonly StockChangedV1[]): Promise<void> {
  const { receipts: learnt, unnamed } = ledgerReceiptsOf(events);
  for (const event of unnamed) {
    // Applied by a ledger that did not yet name transfers on its events: such a line is received through one door.
    logger.warn('a transfer receipt names no transfer or no source; the front door does not count it', { movementId: event.movementId, sku: event.sku, locationId: event.locationId });
  }
  await receipts.record(learnt);
}
