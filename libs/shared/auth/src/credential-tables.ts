// The table of a service's credentials, created in the service's own schema by one of its
// migrations: each service keeps its own credentials, so a credential of one service opens
// nothing in another and a service's database holds only what it needs.
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
