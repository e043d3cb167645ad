// Follows inventory.stock-changed.v1 for the front door's transfers: every shipment and every
// receipt the ledger applied, through any door. One consumer reads and decodes each event once for
// both; each record is idempotent, so a batch retried after one of them failed writes nothing twice.
import type { StockChangedV1 } from '@ledgerline/contracts';
import { stockChangedFollower, type StockChangedFollowerConsumer, type StockChangedFollowerOptions } from '../intake/stock-changed-following';
import { recordReceipts } from './ledger-receipts.consumer';
import type { LedgerReceiptsSql } from './ledger-receipts-sql';
import { recordShipments } from './ledger-shipments.consumer';
import type { LedgerShipmentsSql } from './ledger-shipments-sql';

/** The kinds ledgerShipmentsOf and ledgerReceiptsOf learn from; the follower reads no other. */
export const LEDGER_TRANSFER_KINDS: ReadonlyArray<StockChangedV1['kind']> = ['transfer-out', 'transfer-shipped', 'transfer-in'];

/** From the start of the topic's retention: an open transfer may be old. Its owner starts and stops it. */
export function ledgerTransfersConsumer(shipments: LedgerShipmentsSql, receipts: LedgerReceiptsSql, options: StockChangedFollowerOptions): StockChangedFollowerConsumer {
  return stockChangedFollower(
    {
      name: 'ledger-transfers',
      loggerName: 'LedgerTransfersConsumer',
      waiting: 'shipments and receipts learnt from the ledger',
      kinds: LEDGER_TRANSFER_KINDS,
      handle: async (events) => {
        await recordShipments(shipments, events);
        await recordReceipts(receipts, events);
      },
    },
    options,
  );
}
