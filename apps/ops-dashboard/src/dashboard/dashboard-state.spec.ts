import { TOPICS, alertV1Examples, catalogItemV1Example, createEnvelope, deadLetterV1Example, reorderSuggestionV1Example, stockLevelV1Example, type TopicDefinition } from '@ledgerline/contracts';
import type { z } from 'zod';
import { DashboardState } from './dashboard-state';

const state = () => new DashboardState({ refreshIntervalMs: 1000, historySeconds: 60, topN: 5, recentEvents: 10 });
const encode = <T extends TopicDefinition>(topic: T, payload: z.output<T['payloadSchema']>, eventId?: string) =>
  Buffer.from(JSON.stringify(createEnvelope(topic, payload, { producer: 'inventory-ledger', occurredAt: '2026-03-02T10:00:00Z', eventId })));
const now = new Date('2026-03-02T10:00:05Z');

describe('DashboardState', () => {
  it('starts with everything unknown rather than failing', () => {
    const snapshot = state().snapshot(now);
    expect(snapshot.kafka.status).toBe('unknown');
    expect(snapshot.services.map((service) => [service.name, service.status])).toEqual([['pos-ingestion', 'unknown'], ['inventory-ledger', 'unknown'], ['reorder-forecasting', 'unknown']]);
    expect(snapshot.drift.status).toBe('unknown');
    expect(snapshot.throughput.totalPerSecond).toBeNull();
    expect(snapshot.stock.tracked).toBe(0);
  });

  it('reads stock levels with catalog thresholds, alerts, suggestions and dead letters from their topics', () => {
    const dashboard = state();
    expect(dashboard.applyRecord(TOPICS.catalogItems.name, 'COFFEE-1KG', encode(TOPICS.catalogItems, { ...catalogItemV1Example, lowStockThreshold: 50 }))).toBe(true);
    dashboard.applyRecord(TOPICS.stockLevels.name, 'COFFEE-1KG@S001', encode(TOPICS.stockLevels, { ...stockLevelV1Example, onHand: 12 }));
    dashboard.applyRecord(TOPICS.alerts.name, 'k', encode(TOPICS.alerts, alertV1Examples['low-stock']));
    dashboard.applyRecord(TOPICS.alerts.name, 'k', encode(TOPICS.alerts, alertV1Examples['low-stock']));
    dashboard.applyRecord(TOPICS.reorderSuggestions.name, 'k', encode(TOPICS.reorderSuggestions, reorderSuggestionV1Example));
    dashboard.applyRecord(TOPICS.posTransactionsDeadLetter.name, 'S001', encode(TOPICS.posTransactionsDeadLetter, deadLetterV1Example, 'dl-1'));
    const snapshot = dashboard.snapshot(now);
    expect(snapshot.stock).toMatchObject({ tracked: 1, low: 1 });
    expect(snapshot.stock.lowRows[0]).toMatchObject({ sku: 'COFFEE-1KG', onHand: 12, threshold: 50, state: 'low' });
    expect(snapshot.alerts.total).toBe(1);
    expect(snapshot.alerts.byType).toEqual([{ category: 'low-stock', count: 1 }]);
    expect(snapshot.suggestions.open).toBe(1);
    expect(snapshot.rejections.recent[0]).toMatchObject({ id: 'dead-letter:dl-1', code: deadLetterV1Example.reasonCode });
    expect(snapshot.eventsRead.total).toBe(6);
  });

  it('drops a cleared suggestion from the open ones and honours tombstones', () => {
    const dashboard = state();
    const key = `${reorderSuggestionV1Example.sku}@${reorderSuggestionV1Example.locationId}`;
    dashboard.applyRecord(TOPICS.reorderSuggestions.name, key, encode(TOPICS.reorderSuggestions, reorderSuggestionV1Example));
    dashboard.applyRecord(TOPICS.reorderSuggestions.name, key, encode(TOPICS.reorderSuggestions, { ...reorderSuggestionV1Example, status: 'cleared', orderQuantity: 0 }));
    expect(dashboard.snapshot(now).suggestions.open).toBe(0);
    dashboard.applyRecord(TOPICS.stockLevels.name, 'COFFEE-1KG@S001', encode(TOPICS.stockLevels, stockLevelV1Example));
    dashboard.applyRecord(TOPICS.stockLevels.name, 'COFFEE-1KG@S001', null);
    expect(dashboard.snapshot(now).stock.tracked).toBe(0);
  });

  it('counts a record it cannot read without letting it change anything', () => {
    const dashboard = state();
    expect(dashboard.applyRecord(TOPICS.stockLevels.name, 'x', Buffer.from('{not json'))).toBe(false);
    expect(dashboard.snapshot(now).stock.tracked).toBe(0);
  });

  it('turns end offsets into rates per topic and committed offsets into lag per group', () => {
    const dashboard = state();
    const ends = (high: number) => new Map([[TOPICS.inventoryMovements.name, [{ partition: 0, low: '0', high: String(high) }]]]);
    const committed = [{ groupId: 'inventory-ledger', topics: [{ topic: TOPICS.inventoryMovements.name, partitions: [{ partition: 0, offset: '90' }] }] }, { groupId: 'elsewhere', topics: [{ topic: 'not.watched.v1', partitions: [] }] }];
    dashboard.applyBroker({ time: 0, ok: true, ends: ends(100), committed });
    dashboard.applyBroker({ time: 2000, ok: true, ends: ends(140), committed });
    const snapshot = dashboard.snapshot(now);
    const movements = snapshot.throughput.topics.find((topic) => topic.topic === TOPICS.inventoryMovements.name)!;
    expect(movements).toMatchObject({ eventsPerSecond: 20, total: 140, producers: expect.arrayContaining(['pos-ingestion']) });
    expect(snapshot.throughput.totalPerSecond).toBe(20);
    expect(snapshot.lag.groups.map((group) => [group.groupId, group.lag])).toEqual([['inventory-ledger', 50]]);
    expect(snapshot.lag.groups[0]!.series).toEqual([[0, 10], [2000, 50]]);
    expect(snapshot.kafka.status).toBe('up');
    dashboard.applyBroker({ time: 4000, ok: false, detail: 'connection refused', ends: new Map(), committed: [] });
    expect(dashboard.snapshot(now).kafka).toEqual({ status: 'down', detail: 'connection refused' });
  });

  it('shows service health, metric rates, drift and rejections as polled', () => {
    const dashboard = state();
    dashboard.applyService({ name: 'inventory-ledger', url: 'http://l', status: 'up', checkedAt: '2026-03-02T10:00:00Z', consumedTotal: 100 });
    dashboard.applyService({ name: 'inventory-ledger', url: 'http://l', status: 'up', checkedAt: '2026-03-02T10:00:02Z', consumedTotal: 300 });
    dashboard.applyService({ name: 'pos-ingestion', url: 'http://p', status: 'down', detail: 'ECONNREFUSED', checkedAt: '2026-03-02T10:00:02Z' });
    const audit = { passNumber: 3, passProgress: 0.5, passPhase: 'balances' as const, lastFullPass: null, mismatchesOpen: 1, locationMismatchesOpen: 0 };
    dashboard.applyDrift({ status: 'drift', keys: [{ sku: 'A', locationId: 'S1', field: 'onHand', stored: '3', fromMovements: '2' }], locations: [], audit }, '2026-03-02T10:00:02Z');
    dashboard.applyRejections({ status: 'not-configured', detail: 'ADMIN_API_KEY is not set' });
    const snapshot = dashboard.snapshot(now);
    expect(snapshot.services.find((service) => service.name === 'inventory-ledger')).toMatchObject({ status: 'up', consumedPerSecond: 100 });
    expect(snapshot.services.find((service) => service.name === 'pos-ingestion')).toMatchObject({ status: 'down', detail: 'ECONNREFUSED' });
    expect(snapshot.drift).toMatchObject({ status: 'drift', keys: [{ sku: 'A', field: 'onHand' }], audit });
    expect(snapshot.rejections).toMatchObject({ status: 'not-configured', detail: 'ADMIN_API_KEY is not set' });
  });

  it('counts open dead letters by service and reason, keeping the last counts of a service that did not answer', () => {
    const dashboard = state();
    const at = (second: number) => `2026-03-02T10:00:0${second}Z`;
    dashboard.applyService({ name: 'inventory-ledger', url: 'http://l', status: 'up', checkedAt: at(0), openDeadLetters: new Map([['LEDGER.RESERVED_REASON_CODE', 2], ['CONTRACT.VALIDATION_FAILED', 0]]) });
    dashboard.applyService({ name: 'pos-ingestion', url: 'http://p', status: 'up', checkedAt: at(0), openDeadLetters: new Map([['INTAKE.UNKNOWN_STORE', 5]]) });
    dashboard.applyService({ name: 'reorder-forecasting', url: 'http://r', status: 'up', checkedAt: at(0), openDeadLetters: new Map() });
    const counts = [
      { service: 'pos-ingestion', reasonCode: 'INTAKE.UNKNOWN_STORE', count: 5 },
      { service: 'inventory-ledger', reasonCode: 'LEDGER.RESERVED_REASON_CODE', count: 2 },
    ];
    expect(dashboard.snapshot(now).deadLetters).toEqual({ open: 7, byReason: counts });

    dashboard.applyService({ name: 'pos-ingestion', url: 'http://p', status: 'down', detail: 'ECONNREFUSED', checkedAt: at(2) });
    expect(dashboard.snapshot(now).deadLetters).toEqual({ open: 7, byReason: counts });
    dashboard.applyService({ name: 'pos-ingestion', url: 'http://p', status: 'up', checkedAt: at(4), openDeadLetters: new Map() });
    expect(dashboard.snapshot(now).deadLetters).toEqual({ open: 2, byReason: [counts[1]] });
  });
});
