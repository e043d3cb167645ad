import { configureLogging, JsonLogger } from './json-logger';

describe('JsonLogger', () => {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    configureLogging({ service: 'inventory-ledger', level: 'info', sink: (line) => lines.push(line) });
  });

  it('writes one JSON object per line with service, context and fields', () => {
    new JsonLogger('MovementConsumer').info('applied batch', { movements: 42, partition: 1 });
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', service: 'inventory-ledger', context: 'MovementConsumer', msg: 'applied batch', movements: 42 });
  });

  it('redacts secret-looking fields at any depth', () => {
    new JsonLogger('Auth').warn('rejected', { apiKey: 'llk_123', request: { headers: { authorization: 'ApiKey llk_123' } } });
    expect(lines[0]).not.toContain('llk_123');
    expect(JSON.parse(lines[0]!).request.headers.authorization).toBe('[redacted]');
  });

  it('drops entries below the configured level', () => {
    new JsonLogger('Any').debug('noise');
    expect(lines).toHaveLength(0);
  });
});
