// What the transfers follower (ledger-transfers.consumer.ts) keeps in ledger_shipment: every
// transfer shipped through any door, as the ledger applied it, so a store can receive over HTTP
// what an ERP or a WMS shipped over Kafka. A shipment whose events contradict each other stops the
// partition (the ledger is the only writer: a defect to fix, not data to skip); until then
// receipts of the lines it holds are refused as not shipped, never taken beyond a shipment.
import type { StockChangedV1 } from '@ledgerline/contracts';
import { ledgerShipmentsOf } from '@ledgerline/pos-domain';
import { JsonLogger } from '@ledgerline/runtime';
import type { LedgerShipmentsSql } from './ledger-shipments-sql';

const logger = new JsonLogger('LedgerShipmentsConsumer');

export async function recordShipments(shipments: LedgerShipmentsSql, events: readonly StockChangedV1[]): Promise<void> {
  const { shipments: learnt, unnamed } = ledgerShipmentsOf(events);
  for (const event of unnamed) {
    // Applied by a ledger that did not yet name transfers on its events: receive these over Kafka.
    logger.warn('a transfer event names no transfer; its shipment stays unknown to the front door', { movementId: event.movementId, kind: event.kind, sku: event.sku, locationId: event.locationId });
  }
  await shipments.record(learnt);
}
