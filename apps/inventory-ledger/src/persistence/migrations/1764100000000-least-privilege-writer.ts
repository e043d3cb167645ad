// The role the running ledger acted as until it connected as its own login role (whose grants
// are now listed in ../ledger-grants.ts). It may read everything in the schema and append
// movements, but it holds no UPDATE, DELETE or TRUNCATE on the movement table. Nothing connects
// as it or is a member of it any more; later migrations' grants to it are kept for history.
//
// Also: item_setting learns `active` and `pack_size` from catalog.items.v1.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export function ledgerWriterRole(schema: string): string {
  return `${schema}_writer`;
}

export class LeastPrivilegeWriter1764100000000 implements MigrationInterface {
  name = 'LeastPrivilegeWriter1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    const role = ledgerWriterRole(schema);
    await runner.query(`ALTER TABLE "${schema}".item_setting ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await runner.query(`ALTER TABLE "${schema}".item_setting ADD COLUMN source_updated_at timestamptz`);

    // Roles belong to the cluster, not the database: several databases (or several instances
    // migrating at once) may try to create it, so "already there" is fine.
    await runner.query(`
      DO $$ BEGIN
        CREATE ROLE "${role}" NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
    // The migrating user must be able to SET ROLE to it (automatic for a superuser).
    await runner.query(`
      DO $$ BEGIN
        EXECUTE format('GRANT %I TO %I', '${role}', current_user);
      EXCEPTION WHEN duplicate_object OR invalid_grant_operation THEN NULL;
      END $$`);
    await runner.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
    await runner.query(`GRANT SELECT, INSERT ON "${schema}".movement TO "${role}"`);
    await runner.query(`GRANT SELECT, INSERT, UPDATE ON "${schema}".stock_balance, "${schema}".outbox, "${schema}".item_setting TO "${role}"`);
    await runner.query(`GRANT SELECT ON "${schema}".schema_migrations TO "${role}"`);
    await runner.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA "${schema}" TO "${role}"`);
    await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "${schema}".movement FROM PUBLIC`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    const role = ledgerWriterRole(schema);
    await runner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA "${schema}" FROM "${role}"`);
    await runner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA "${schema}" FROM "${role}"`);
    await runner.query(`REVOKE USAGE ON SCHEMA "${schema}" FROM "${role}"`);
    await runner.query(`ALTER TABLE "${schema}".item_setting DROP COLUMN source_updated_at`);
    await runner.query(`ALTER TABLE "${schema}".item_setting DROP COLUMN active`);
  }
}
