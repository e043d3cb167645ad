// The service credentials of the ledger's query and admin API (see @ledgerline/auth), in its own
// schema. The writer role the service runs as reads them on every request and, through the admin
// API, issues and revokes them.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createServiceCredentialTables, dropServiceCredentialTables } from '@ledgerline/auth';
import { ledgerWriterRole } from './1764100000000-least-privilege-writer';

export class ServiceCredentials1767400000000 implements MigrationInterface {
  name = 'ServiceCredentials1767400000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    for (const statement of createServiceCredentialTables(schema)) await runner.query(statement);
    await runner.query(`GRANT SELECT, INSERT, UPDATE ON "${schema}".service_credential TO "${ledgerWriterRole(schema)}"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of dropServiceCredentialTables(runner.connection.driver.schema ?? 'inventory_ledger')) await runner.query(statement);
  }
}
