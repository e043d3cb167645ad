// What the service's integration tests share: its configuration against one test database and
// topic prefix, and JSON over HTTP that fails loudly on anything but a 2xx answer, sent with a
// credential of the service's read, write and refit scopes once `authorise` issued one.
import { issueCredential, testKafkaBrokers, type TestDatabase } from '@ledgerline/testing';
import { forecastingConfigSchema, type ForecastingConfig } from '../../src/config/forecasting.config';

export function testServiceConfig(database: TestDatabase, prefix: string, settings: Record<string, string>): ForecastingConfig {
  return forecastingConfigSchema.parse({
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    ...database.serviceEnv('reorder_forecasting'),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}-forecasting`,
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: TEST_ADMIN_API_KEY,
    // Tests poll refits; the production limit is tested in the authorisation suite.
    REFIT_REQUESTS_PER_MINUTE: '60000',
    REFIT_REQUESTS_BURST: '1000',
    ...settings,
  });
}

export const TEST_ADMIN_API_KEY = 'forecasting-admin-key-0123456789abcdef';

const credentialsByOrigin = new Map<string, string>();

/** Issues the credential the helpers below send to the service at `url`. */
export async function authorise(url: string): Promise<void> {
  credentialsByOrigin.set(new URL(url).origin, await issueCredential(url, TEST_ADMIN_API_KEY, ['forecast:read', 'policy:write', 'forecast:refit']));
}

export function credentialHeaders(url: string): Record<string, string> {
  const credential = credentialsByOrigin.get(new URL(url).origin);
  return credential === undefined ? {} : { authorization: `Bearer ${credential}` };
}

export async function sendJson<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers = credentialHeaders(url);
  const response = await fetch(url, body === undefined ? { method, headers } : { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
