import { resolveTestInfrastructure } from './test-infrastructure';

describe('resolveTestInfrastructure', () => {
  it('uses the configured broker and database without touching Docker', async () => {
    const dockerProbe = jest.fn(async () => true);
    const infrastructure = await resolveTestInfrastructure(
      { KAFKA_BROKERS: '127.0.0.1:19092', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' },
      dockerProbe,
    );
    expect(infrastructure.kafkaBrokers).toBe('127.0.0.1:19092');
    expect(infrastructure.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    expect(dockerProbe).not.toHaveBeenCalled();
  });

  it('says exactly what to run when nothing is configured and Docker is absent', async () => {
    await expect(resolveTestInfrastructure({}, async () => false)).rejects.toThrow(/tools\/kafka\/kafka\.sh start/);
  });

  it('names the missing database when only the broker is configured', async () => {
    await expect(resolveTestInfrastructure({ KAFKA_BROKERS: '127.0.0.1:9092' }, async () => false)).rejects.toThrow(
      /^DATABASE_URL is not set/,
    );
  });
});
