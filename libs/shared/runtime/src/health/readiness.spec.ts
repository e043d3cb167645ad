import { ReadinessRegistry } from './readiness';

describe('ReadinessRegistry', () => {
  it('is ready only when every check is', async () => {
    const registry = new ReadinessRegistry();
    registry.register('postgres', () => ({ ready: true }));
    registry.register('kafka', async () => ({ ready: false, detail: 'broker unreachable' }));
    const result = await registry.evaluate();
    expect(result.ready).toBe(false);
    expect(result.checks['kafka']).toEqual({ ready: false, detail: 'broker unreachable' });
  });

  it('turns a throwing or hanging check into not ready', async () => {
    const registry = new ReadinessRegistry();
    registry.register('throws', () => {
      throw new Error('boom');
    });
    registry.register('hangs', () => new Promise(() => undefined));
    const result = await registry.evaluate(20);
    expect(result.checks['throws']).toEqual({ ready: false, detail: 'boom' });
    expect(result.checks['hangs']?.ready).toBe(false);
  });
});
