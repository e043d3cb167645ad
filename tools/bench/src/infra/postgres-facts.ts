// The PostgreSQL server a run measured against: its version and the settings that move the
// figures most (memory for pages, how often checkpoints come and what a commit waits for). A
// reader of a run needs them to compare it with another: the bench uses the server as it finds it.
import { Client } from 'pg';
import type { PostgresFacts } from '../report/bench-report';

export const REPORTED_POSTGRES_SETTINGS = ['shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_compression', 'synchronous_commit', 'max_connections'] as const;

/** Undefined when the server cannot be asked: the run goes on without the facts. */
export async function readPostgresFacts(databaseUrl: string): Promise<PostgresFacts | undefined> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const [{ version }] = (await client.query<{ version: string }>(`SELECT current_setting('server_version') AS version`)).rows as [{ version: string }];
    const rows = (
      await client.query<{ name: string; setting: string }>(
        `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1::text[])`,
        [[...REPORTED_POSTGRES_SETTINGS]],
      )
    ).rows;
    const settings = Object.fromEntries(REPORTED_POSTGRES_SETTINGS.flatMap((name) => rows.filter((row) => row.name === name).map((row) => [name, row.setting])));
    return { version, settings };
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
