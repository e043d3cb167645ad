// The drift audit also checks each balance's reserved against the sum of its open reservations:
// a mismatch of that figure is recorded like the others, under the field name `reserved`.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const FIELDS = ['onHand', 'inTransit', 'onOrder', 'inventoryValue', 'inTransitValue'];

export class DriftAuditOfReserved1769010000000 implements MigrationInterface {
  name = 'DriftAuditOfReserved1769010000000';

  async up(runner: QueryRunner): Promise<void> {
    await this.allowFields(runner, [...FIELDS, 'reserved']);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    await runner.query(`DELETE FROM "${schema}".drift_mismatch WHERE field = 'reserved'`);
    await this.allowFields(runner, FIELDS);
  }

  private async allowFields(runner: QueryRunner, fields: string[]): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    const list = fields.map((field) => `'${field}'`).join(', ');
    await runner.query(
      `ALTER TABLE "${schema}".drift_mismatch DROP CONSTRAINT drift_mismatch_field_check, ADD CONSTRAINT drift_mismatch_field_check CHECK (field IN (${list}))`,
    );
  }
}
