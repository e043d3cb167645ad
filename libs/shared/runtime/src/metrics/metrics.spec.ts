import { collectDefaultMetrics } from 'prom-client';
import { enableDefaultMetrics, EVENT_LOOP_SAMPLE_MS } from './metrics';

jest.mock('prom-client', () => ({ ...jest.requireActual<typeof import('prom-client')>('prom-client'), collectDefaultMetrics: jest.fn() }));

describe('enableDefaultMetrics', () => {
  it('samples the event loop delay every EVENT_LOOP_SAMPLE_MS, not prom-client\'s every 10 ms', () => {
    enableDefaultMetrics('metrics-test');
    expect(EVENT_LOOP_SAMPLE_MS).toBeGreaterThanOrEqual(100);
    expect(collectDefaultMetrics).toHaveBeenCalledWith(expect.objectContaining({ eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS }));
  });
});
