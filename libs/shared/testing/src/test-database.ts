// A fresh PostgreSQL database per test file, created on the server named by DATABASE_URL.
// Creating a database costs milliseconds, so suites never share state and can run in parallel.
// Services run as their own login roles: roles belong to the whole server, so each test database
// names its own (created by the services' migrations) and drops them with itself.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testDatabaseUrl } from './test-environment';

const TEST_DATABASE_PREFIX = 'ledgerline_test_';
const TEST_ROLE_PREFIX = 'ledgerline_test_role_';

/** What a service reads to reach its database: its own login role, and the owner that migrates. */
export interface ServiceDatabaseEnv {
  DATABASE_URL: string;
  DATABASE_OWNER_URL: string;
}

export interface TestDatabase {
  name: string;
  /** The server's administrator on this database: the owner of every schema, for the test's own checks. */
  url: string;
  /** The login role of one service in this database (e.g. `serviceEnv('inventory_ledger')`), and the owner URL to migrate with. */
  serviceEnv(service: string): ServiceDatabaseEnv;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string, serverUrl = testDatabaseUrl()): Promise<TestDatabase> {
  const safeLabel = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  const name = `${TEST_DATABASE_PREFIX}${safeLabel}_${randomBytes(4).toString('hex')}`;
  await withMaintenanceClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const rolePrefix = `${TEST_ROLE_PREFIX}${name.slice(-8)}_`;
  return {
    name,
    url: url.toString(),
    serviceEnv: (service) => {
      const serviceUrl = new URL(url);
      serviceUrl.username = `${rolePrefix}${service.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`.slice(0, 63);
      serviceUrl.password = '';
      return { DATABASE_URL: serviceUrl.toString(), DATABASE_OWNER_URL: url.toString() };
    },
    drop: async () => {
      await dropTestDatabase(serverUrl, name);
      await dropTestRoles(serverUrl, rolePrefix);
    },
  };
}

async function dropTestRoles(serverUrl: string, rolePrefix: string): Promise<void> {
  await withMaintenanceClient(serverUrl, async (client) => {
    const roles = await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1)', [rolePrefix]);
    for (const { rolname } of roles.rows) await client.query(`DROP ROLE IF EXISTS "${rolname}"`);
  });
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
