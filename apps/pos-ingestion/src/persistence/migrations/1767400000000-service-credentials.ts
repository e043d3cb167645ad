// The service credentials of pos-ingestion's admin API (see @ledgerline/auth): held in its own
// schema, like its POS keys.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createServiceCredentialTables, dropServiceCredentialTables } from '@ledgerline/auth';

export class ServiceCredentials1767400000000 implements MigrationInterface {
  name = 'ServiceCredentials1767400000000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of createServiceCredentialTables(runner.connection.driver.schema ?? 'pos_ingestion')) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of dropServiceCredentialTables(runner.connection.driver.schema ?? 'pos_ingestion')) await runner.query(statement);
  }
}
