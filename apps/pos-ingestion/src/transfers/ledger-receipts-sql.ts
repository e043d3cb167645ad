// Keeps the transfer receipts the ledger applied (ledger_receipt), one statement per batch of
// events: each movement id once, a redelivered event changing nothing.
import type { DataSource } from 'typeorm';
import type { LedgerReceipt } from '@ledgerline/pos-domain';

export class LedgerReceiptsSql {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  async record(receipts: readonly LedgerReceipt[]): Promise<void> {
    if (receipts.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO "${this.schema}".ledger_receipt (movement_id, transfer_id, sku, from_location_id, to_location_id, quantity)
       SELECT movement_id, transfer_id, sku, from_location_id, to_location_id, quantity
         FROM jsonb_to_recordset($1::jsonb) AS r(movement_id text, transfer_id text, sku text, from_location_id text, to_location_id text, quantity bigint)
       ON CONFLICT (movement_id) DO NOTHING`,
      [
        JSON.stringify(
          receipts.map((receipt) => ({
            movement_id: receipt.movementId,
            transfer_id: receipt.transferId,
            sku: receipt.sku,
            from_location_id: receipt.fromLocationId,
            to_location_id: receipt.toLocationId,
            quantity: receipt.quantity,
          })),
        ),
      ],
    );
  }
}
