// Keeps the shipments the ledger applied (ledger_shipment), one statement per batch of events. A
// redelivered event writes what is already there; the second half of a shipment fills in the
// side its first half lacked, and never overwrites a side already known.
import type { DataSource } from 'typeorm';
import type { LedgerShipment } from '@ledgerline/pos-domain';

export class LedgerShipmentsSql {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  /** Each shipment once per call: ledgerShipmentsOf merges a batch's halves first. */
  async record(shipments: readonly LedgerShipment[]): Promise<void> {
    if (shipments.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO "${this.schema}".ledger_shipment AS s (movement_id, transfer_id, sku, from_location_id, to_location_id, quantity)
       SELECT movement_id, transfer_id, sku, from_location_id, to_location_id, quantity
         FROM jsonb_to_recordset($1::jsonb) AS r(movement_id text, transfer_id text, sku text, from_location_id text, to_location_id text, quantity bigint)
       ON CONFLICT (movement_id) DO UPDATE
         SET to_location_id = COALESCE(s.to_location_id, EXCLUDED.to_location_id), quantity = COALESCE(s.quantity, EXCLUDED.quantity)
         WHERE (s.to_location_id IS NULL AND EXCLUDED.to_location_id IS NOT NULL) OR (s.quantity IS NULL AND EXCLUDED.quantity IS NOT NULL)`,
      [
        JSON.stringify(
          shipments.map((shipment) => ({
            movement_id: shipment.movementId,
            transfer_id: shipment.transferId,
            sku: shipment.sku,
            from_location_id: shipment.fromLocationId,
            to_location_id: shipment.toLocationId,
            quantity: shipment.quantity,
          })),
        ),
      ],
    );
  }
}
