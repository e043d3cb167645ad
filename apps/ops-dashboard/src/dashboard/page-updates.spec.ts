import { DashboardState } from './dashboard-state';
import { PageUpdates } from './page-updates';

const state = () => new DashboardState({ refreshIntervalMs: 1000, historySeconds: 60, topN: 5, recentEvents: 10 });
const at = (second: number) => new Date(Date.UTC(2026, 2, 2, 10, 0, second));
const reading = (second: number, total: number) => ({
  time: at(second).getTime(),
  ok: true,
  ends: new Map([['inventory.movements.v1', [{ partition: 0, low: '0', high: String(total) }]]]),
  committed: [{ groupId: 'ledger', topics: [{ topic: 'inventory.movements.v1', partitions: [{ partition: 0, offset: String(total) }] }] }],
});
const service = (second: number) => ({ name: 'inventory-ledger', url: 'http://ledger', status: 'up' as const, checkedAt: at(second).toISOString(), consumedTotal: 40 });

describe('PageUpdates', () => {
  it('sends a snapshot only when its content changed, and a heartbeat when nothing was sent for a while', () => {
    const dashboard = state();
    const updates = new PageUpdates(5_000);
    const refresh = (second: number) => updates.next(dashboard.snapshot(at(second)), at(second).getTime())?.type;

    dashboard.applyBroker(reading(0, 100));
    expect(refresh(0)).toBe('snapshot');
    dashboard.applyBroker(reading(1, 130));
    expect(refresh(1)).toBe('snapshot');
    // Traffic stops: the rate falls to zero once, then the platform is quiet.
    dashboard.applyBroker(reading(2, 130));
    expect(refresh(2)).toBe('snapshot');
    const quietRefresh = (second: number) => {
      dashboard.applyBroker(reading(second, 130));
      dashboard.applyService(service(second));
      dashboard.applyDrift({ status: 'ok', keys: [], audit: { passNumber: null, passProgress: null, passPhase: null, lastFullPass: null, mismatchesOpen: 0, locationMismatchesOpen: 0 } }, at(second).toISOString());
      return refresh(second);
    };
    // The first answers of the services and the drift check change the picture; asking again does not.
    expect(quietRefresh(3)).toBe('snapshot');
    expect(quietRefresh(4)).toBe('snapshot'); // the service's rate, now known: zero
    const quiet = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map(quietRefresh);
    expect(quiet).toEqual([undefined, undefined, undefined, undefined, 'heartbeat', undefined, undefined, undefined, undefined, 'heartbeat']);

    dashboard.applyBroker(reading(15, 131));
    expect(refresh(15)).toBe('snapshot');
  });
});
