// A fresh PostgreSQL database per test file, created on the server named by DATABASE_URL.
// Creating a database costs milliseconds, so suites never share state and can run in parallel.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testDatabaseUrl } from './test-environment';

const TEST_DATABASE_PREFIX = 'ledgerline_test_';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string, serverUrl = testDatabaseUrl()): Promise<TestDatabase> {
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  const name = `${TEST_DATABASE_PREFIX}${safeLabel}_${randomBytes(4).toString('hex')}`;
  await withMaintenanceClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => dropTestDatabase(serverUrl, name),
  };
}

async function dropTestDatabase(serverUrl: string, name: string): Promise<void> {
  // Refuse anything not created by createTestDatabase, whatever the caller passes.
  if (!name.startsWith(TEST_DATABASE_PREFIX)) {
    throw new Error(`Refusing to drop database "${name}": not a test database`);
  }
  await withMaintenanceClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withMaintenanceClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
