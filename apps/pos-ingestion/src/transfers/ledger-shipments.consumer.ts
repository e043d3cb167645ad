// Follows inventory.stock-changed.v1 into ledger_shipment: every transfer shipped through any
// door, as the ledger applied it, so a store can receive over HTTP what an ERP or a WMS shipped
// over Kafka. An event that breaks its contract, or a shipment whose events contradict each other,
// stops its partition (the ledger is the only writer: a defect to fix, not data to skip); until
// then receipts of the lines it holds are refused as not shipped, never taken beyond a shipment.
import type { StockChangedV1 } from '@ledgerline/contracts';
import type { BatchConsumer } from '@ledgerline/messaging';
import { ledgerShipmentsOf } from '@ledgerline/pos-domain';
import { JsonLogger } from '@ledgerline/runtime';
import { stockChangedFollower, type StockChangedFollowerOptions } from '../intake/stock-changed-following';
import type { LedgerShipmentsSql } from './ledger-shipments-sql';

const logger = new JsonLogger('LedgerShipmentsConsumer');

/**
 * The batch consumer of stock-changed for the shipments; its owner starts and stops it. From the
 * start of the topic's retention: an open shipment may be old.
 */
export function ledgerShipmentsConsumer(shipments: LedgerShipmentsSql, options: StockChangedFollowerOptions): BatchConsumer<StockChangedV1> {
  return stockChangedFollower(
    { name: 'ledger-shipments', loggerName: 'LedgerShipmentsConsumer', waiting: 'shipments learnt from the ledger', handle: (events) => recordShipments(shipments, events) },
    options,
  );
}

export async function recordShipments(shipments: LedgerShipmentsSql, events: readonly StockChangedV1[]): Promise<void> {
  const { shipments: learnt, unnamed } = ledgerShipmentsOf(events);
  for (const event of unnamed) {
    // Applied by a ledger that did not yet name transfers on its events: receive these over Kafka.
    logger.warn('a transfer event names no transfer; its shipment stays unknown to the front door', { movementId: event.movementId, kind: event.kind, sku: event.sku, locationId: event.locationId });
  }
  await shipments.record(learnt);
}
