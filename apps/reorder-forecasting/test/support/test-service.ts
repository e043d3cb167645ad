// What the service's integration tests share: its configuration against one test database and
// topic prefix, and JSON over HTTP that fails loudly on anything but a 2xx answer.
import { testKafkaBrokers } from '@ledgerline/testing';
import { forecastingConfigSchema, type ForecastingConfig } from '../../src/config/forecasting.config';

export function testServiceConfig(databaseUrl: string, prefix: string, settings: Record<string, string>): ForecastingConfig {
  return forecastingConfigSchema.parse({
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    DATABASE_URL: databaseUrl,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_ID: `${prefix}-forecasting`,
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    ...settings,
  });
}

export async function sendJson<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
