// early_arrival: each key's early arrivals not yet matched by a shipment (docs/valuation.md, "Late
// and backdated movements"): the transfer-in that opened it (by the balance version it left), its
// units still in the hole and the units that came onto the shelf since. A shipment into in transit
// below zero reads its key's rows by the primary key, where it used to walk the key's movements
// back to the oldest unmatched arrival, a walk that grew with history when an arrival was never
// matched. The batch write keeps the rows in the statement that writes the balance: an arrival
// beyond in transit adds one, a shipment takes from the oldest, and any rise of on hand adds to
// arrived_since of the key's rows. Back-filled here once from the movements, with the balances
// held still so no batch writes meanwhile.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { backfillOpenEarlyArrivals } from './early-arrival-backfill';

export class OpenEarlyArrivals1769600000000 implements MigrationInterface {
  name = 'OpenEarlyArrivals1769600000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`
      CREATE TABLE "${schema}".early_arrival (
        sku text NOT NULL,
        location_id text NOT NULL,
        arrival_version bigint NOT NULL,
        units bigint NOT NULL CHECK (units > 0),
        arrived_since bigint NOT NULL CHECK (arrived_since >= 0),
        PRIMARY KEY (sku, location_id, arrival_version)
      )`);
    await runner.query(`LOCK TABLE "${schema}".stock_balance IN SHARE ROW EXCLUSIVE MODE`);
    await backfillOpenEarlyArrivals(runner, schema);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS "${runner.connection.driver.schema ?? 'inventory_ledger'}".early_arrival`);
  }
}
