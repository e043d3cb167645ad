// Everything a service's database connection might send to change its history, tried one by one
// in a transaction that is rolled back: the statements PostgreSQL let through. A service whose
// login role holds only its grant list must let none through, whatever code runs in it.
import { Client } from 'pg';

export interface HistoryChangeInput {
  /** The running service's connection (its DATABASE_URL). */
  serviceUrl: string;
  schema: string;
  /** The tables whose rows are history: never updated, deleted or truncated. */
  historyTables: readonly string[];
}

export async function historyChangesLetThrough(input: HistoryChangeInput): Promise<string[]> {
  const client = new Client({ connectionString: input.serviceUrl });
  await client.connect();
  try {
    const s = `"${input.schema}"`;
    const owner = (await client.query<{ owner: string }>('SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = $1', [input.schema])).rows[0]!.owner;
    const attempts: string[] = [
      `SET ROLE ${owner}`,
      `SET SESSION AUTHORIZATION ${owner}`,
      `SET ROLE "${input.schema}_writer"`,
      `SET ROLE postgres`,
      `SET session_replication_role = replica`,
      `CREATE TABLE ${s}.planted (id int)`,
      `CREATE FUNCTION ${s}.planted() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
      `ALTER SCHEMA ${s} RENAME TO planted`,
      `DROP SCHEMA ${s} CASCADE`,
      `CREATE ROLE planted_role SUPERUSER`,
      `ALTER ROLE CURRENT_USER CREATEROLE`,
      `GRANT ${owner} TO CURRENT_USER`,
    ];
    for (const table of input.historyTables) {
      const t = `${s}."${table}"`;
      const column = (await client.query<{ column_name: string }>('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position LIMIT 1', [input.schema, table])).rows[0]?.column_name;
      if (column === undefined) throw new Error(`table ${input.schema}.${table} has no columns the service can see`);
      attempts.push(
        `UPDATE ${t} SET "${column}" = "${column}"`,
        `DELETE FROM ${t}`,
        `TRUNCATE ${t}`,
        `RESET ROLE; DELETE FROM ${t}`,
        `ALTER TABLE ${t} DISABLE TRIGGER ALL`,
        `ALTER TABLE ${t} ADD COLUMN planted int`,
        `ALTER TABLE ${t} OWNER TO CURRENT_USER`,
        `DROP TABLE ${t} CASCADE`,
        // A GRANT without the grant option only warns, so what counts is the DELETE after it.
        `GRANT UPDATE, DELETE, TRUNCATE ON ${t} TO CURRENT_USER; DELETE FROM ${t}`,
        `CREATE TRIGGER planted BEFORE INSERT ON ${t} FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()`,
        `CREATE RULE planted AS ON INSERT TO ${t} DO INSTEAD NOTHING`,
      );
    }
    const letThrough: string[] = [];
    for (const attempt of attempts) {
      await client.query('BEGIN');
      try {
        await client.query(attempt);
        letThrough.push(attempt);
      } catch {
        // Refused, as it must be.
      } finally {
        await client.query('ROLLBACK');
      }
    }
    return letThrough;
  } finally {
    await client.end();
  }
}
