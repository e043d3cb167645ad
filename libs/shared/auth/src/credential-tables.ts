// The table of a service's credentials, created in the service's own schema by one of its
// migrations: each service keeps its own credentials, so a credential of one service opens
// nothing in another and a service's database holds only what it needs.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export function createServiceCredentialTables(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}".service_credential (
       key_id text PRIMARY KEY,
       label text,
       scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
       secret_hash text NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(),
       revoked_at timestamptz
     )`,
  ];
}

export function dropServiceCredentialTables(schema: string): string[] {
  return [`DROP TABLE IF EXISTS "${schema}".service_credential`];
}

/**
 * The migration that creates the table, for a service whose running role owns its schema; each
 * service subclasses it under its own timestamped name (`ServiceCredentials1767400000000`).
 */
export abstract class ServiceCredentialsMigration implements MigrationInterface {
  abstract name: string;

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of createServiceCredentialTables(schemaOf(runner))) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of dropServiceCredentialTables(schemaOf(runner))) await runner.query(statement);
  }
}

function schemaOf(runner: QueryRunner): string {
  const schema = runner.connection.driver.schema;
  if (schema === undefined) throw new Error('the service credentials migration runs only on a data source with a schema');
  return schema;
}
