import { OptionsError, defaultRunId, parseSimulatorOptions } from './simulator-options';

const env = { ADMIN_API_KEY: 'admin-key-for-tests-000000' };

describe('parseSimulatorOptions', () => {
  it('has defaults for a plain synthetic run', () => {
    const options = parseSimulatorOptions([], env);
    expect(options).toMatchObject({ mode: 'synthetic', rate: 20, stores: 3, terminals: 2, skus: 200, duration: 0, seed: 42, erp: true, ingestionUrl: 'http://127.0.0.1:3001', kafkaBrokers: ['127.0.0.1:9092'], topicPrefix: '', historyDays: 0 });
  });

  it('reads flags and the environment', () => {
    const options = parseSimulatorOptions(
      ['--rate', '55.5', '--stores', '12', '--terminals', '4', '--skus', '1000', '--duration', '60', '--seed', '7', '--no-erp', '--run-id', 'demo1', '--history-days', '21'],
      { ...env, KAFKA_BROKERS: 'k1:9092,k2:9092', KAFKA_TOPIC_PREFIX: 'staging', POS_INGESTION_URL: 'http://pos:3001' },
    );
    expect(options).toMatchObject({ rate: 55.5, stores: 12, terminals: 4, skus: 1000, duration: 60, seed: 7, erp: false, runId: 'demo1', historyDays: 21, kafkaBrokers: ['k1:9092', 'k2:9092'], topicPrefix: 'staging', ingestionUrl: 'http://pos:3001' });
  });

  it('switches to replay, with the default file or the one named', () => {
    expect(parseSimulatorOptions(['--replay', '--speedup', '7200'], env)).toMatchObject({ mode: 'replay', speedup: 7200, replayFile: '../shared/data/online-retail/online-retail.csv.gz' });
    expect(parseSimulatorOptions(['--replay', '/data/x.csv.gz'], env)).toMatchObject({ replayFile: '/data/x.csv.gz' });
  });

  it('names every invalid option and the missing admin key', () => {
    expect(() => parseSimulatorOptions(['--rate=-1', '--stores', 'many'], {})).toThrow(OptionsError);
    try {
      parseSimulatorOptions(['--rate=-1', '--stores', 'many'], {});
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('--rate:');
      expect(message).toContain('--stores:');
      expect(message).toContain('ADMIN_API_KEY: is required');
    }
    expect(() => parseSimulatorOptions(['--history-days', '120'], env)).toThrow(/--history-days:/);
    expect(() => parseSimulatorOptions(['--colour', 'red'], env)).toThrow(/Unknown option '--colour'/);
    expect(() => parseSimulatorOptions(['--return-rate', '0.4', '--void-rate', '0.2'], env)).toThrow(/at most 0.5/);
  });

  it('answers help', () => {
    expect(parseSimulatorOptions(['--help'], {})).toBe('help');
  });

  it('derives a short run id from the start time', () => {
    expect(defaultRunId(new Date('2026-03-02T10:00:00Z'))).toMatch(/^[a-z0-9]{1,12}$/);
  });
});
