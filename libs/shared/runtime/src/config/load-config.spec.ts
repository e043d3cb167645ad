import { z } from 'zod';
import { baseConfigShape, ConfigurationError, httpPort, loadConfig } from './load-config';

const schema = z.object({ ...baseConfigShape, HTTP_PORT: httpPort(3000), ADMIN_API_KEY: z.string().min(16) });

describe('loadConfig', () => {
  it('applies typed defaults', () => {
    const config = loadConfig(schema, { ADMIN_API_KEY: 'a'.repeat(16) });
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });

  it('splits the broker list', () => {
    const config = loadConfig(schema, { KAFKA_BROKERS: 'k1:9092, k2:9093', ADMIN_API_KEY: 'a'.repeat(16) });
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9093']);
  });

  it('names every bad variable and never echoes a secret', () => {
    let error: unknown;
    try {
      loadConfig(schema, { KAFKA_BROKERS: 'no-port', HTTP_PORT: 'eighty', ADMIN_API_KEY: 'short-secret' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as ConfigurationError).message;
    expect(message).toMatch(/KAFKA_BROKERS="no-port": each broker must be host:port/);
    expect(message).toMatch(/HTTP_PORT="eighty"/);
    expect(message).toMatch(/ADMIN_API_KEY=<redacted>/);
    expect(message).not.toContain('short-secret');
  });

  it('rejects a database URL that is not PostgreSQL', () => {
    expect(() => loadConfig(schema, { DATABASE_URL: 'mysql://root@db/x', ADMIN_API_KEY: 'a'.repeat(16) })).toThrow(/DATABASE_URL/);
  });
});
