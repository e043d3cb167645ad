// What the transfers follower (ledger-transfers.consumer.ts) keeps in ledger_receipt: every
// transfer receipt the ledger applied, through any door, so what a store received over Kafka
// counts against what it may still receive over HTTP. A receipt that takes units off the shelf
// stops the partition (the ledger is the only writer: a defect to fix, not data to skip).
import type { StockChangedV1 } from '@ledgerline/contracts';
import { ledgerReceiptsOf } from '@ledgerline/pos-domain';
import { JsonLogger } from '@ledgerline/runtime';
import type { LedgerReceiptsSql } from './ledger-receipts-sql';

const logger = new JsonLogger('LedgerReceiptsConsumer');

export async function recordReceipts(receipts: LedgerReceiptsSql, events: readonly StockChangedV1[]): Promise<void> {
  const { receipts: learnt, unnamed } = ledgerReceiptsOf(events);
  for (const event of unnamed) {
    // Applied by a ledger that did not yet name transfers on its events: such a line is received through one door.
    logger.warn('a transfer receipt names no transfer or no source; the front door does not count it', { movementId: event.movementId, sku: event.sku, locationId: event.locationId });
  }
  await receipts.record(learnt);
}
