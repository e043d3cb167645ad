import { ConfigurationError } from '@ledgerline/runtime';
import { loadPosIngestionConfig } from './pos-ingestion.config';

const ADMIN_API_KEY = 'a-long-enough-admin-key-0123';

describe('loadPosIngestionConfig', () => {
  it('applies the defaults', () => {
    expect(loadPosIngestionConfig({ ADMIN_API_KEY })).toMatchObject({
      HTTP_PORT: 3001,
      RATE_LIMIT_PER_SECOND: 50,
      RATE_LIMIT_BURST: 100,
      MAX_EVENT_AGE_DAYS: 90,
      MAX_CLOCK_SKEW_MINUTES: 5,
      KAFKA_GROUP_ID: 'pos-ingestion',
      DATABASE_SCHEMA: 'pos_ingestion',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      INTAKE_PUBLISH_TIMEOUT_MS: 10_000,
    });
  });

  it('bounds the wait for Kafka between half a second and a minute', () => {
    expect(loadPosIngestionConfig({ ADMIN_API_KEY, INTAKE_PUBLISH_TIMEOUT_MS: '4000' }).INTAKE_PUBLISH_TIMEOUT_MS).toBe(4_000);
    expect(() => loadPosIngestionConfig({ ADMIN_API_KEY, INTAKE_PUBLISH_TIMEOUT_MS: '0' })).toThrow(/INTAKE_PUBLISH_TIMEOUT_MS="0"/);
    expect(() => loadPosIngestionConfig({ ADMIN_API_KEY, INTAKE_PUBLISH_TIMEOUT_MS: '600000' })).toThrow(/INTAKE_PUBLISH_TIMEOUT_MS="600000"/);
  });

  it('refuses to start without an admin key, or with a short one, without echoing it', () => {
    expect(() => loadPosIngestionConfig({})).toThrow(/ADMIN_API_KEY: is required/);
    try {
      loadPosIngestionConfig({ ADMIN_API_KEY: 'short-secret' });
      throw new Error('expected a ConfigurationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain('ADMIN_API_KEY=<redacted>: must be at least 24 characters');
      expect((error as Error).message).not.toContain('short-secret');
    }
  });

  it('names every invalid variable', () => {
    const attempt = () => loadPosIngestionConfig({ ADMIN_API_KEY, HTTP_PORT: 'eighty', RATE_LIMIT_BURST: '0', DATABASE_SCHEMA: 'Pos-Ingestion' });
    expect(attempt).toThrow(/HTTP_PORT="eighty"/);
    expect(attempt).toThrow(/RATE_LIMIT_BURST="0"/);
    expect(attempt).toThrow(/DATABASE_SCHEMA="Pos-Ingestion": must be a lowercase SQL identifier/);
  });

  it('accepts a fault-injection point only in its one form', () => {
    expect(loadPosIngestionConfig({ ADMIN_API_KEY }).FAULT_INJECTION).toBeUndefined();
    expect(loadPosIngestionConfig({ ADMIN_API_KEY, FAULT_INJECTION: 'after-kafka-ack@3' }).FAULT_INJECTION).toBe('after-kafka-ack@3');
    expect(() => loadPosIngestionConfig({ ADMIN_API_KEY, FAULT_INJECTION: 'after-kafka-ack' })).toThrow(/FAULT_INJECTION="after-kafka-ack": must be "after-kafka-ack@<publication>"/);
  });
});
