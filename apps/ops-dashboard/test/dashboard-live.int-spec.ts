// The dashboard against the real broker: events published to its (unique) topics arrive in the
// snapshot streamed to pages; offsets give throughput and consumer lag; services that are not
// running show as down, the ledger's drift audit is reported field by field with its progress,
// and its open dead letters by reason.
import { TOPICS, alertV1Examples, catalogItemV1Example, deadLetterV1Example, inventoryMovementV1Examples, reorderSuggestionV1Example, stockLevelV1Example } from '@ledgerline/contracts';
import { createKafkaClient } from '@ledgerline/messaging';
import { testKafkaBrokers, waitFor } from '@ledgerline/testing';
import { startDashboardFixture, type DashboardFixture } from './support/dashboard-fixture';
import { SnapshotStream } from './support/snapshot-stream';

jest.setTimeout(60_000);

describe('ops-dashboard live snapshot (real Kafka)', () => {
  let fixture: DashboardFixture;
  let stream: SnapshotStream;

  beforeAll(async () => {
    fixture = await startDashboardFixture('dashboard');
    stream = await SnapshotStream.open(`${fixture.url}/api/events`, fixture.viewer);
  });

  afterAll(async () => {
    await stream?.close();
    await fixture?.close();
  });

  it('streams a snapshot at once, showing services that are not running as down', async () => {
    const snapshot = await waitFor(() => stream.latest?.services.every((service) => service.status !== 'unknown') && stream.latest, { description: 'services to be polled' });
    const status = Object.fromEntries(snapshot.services.map((service) => [service.name, service.status]));
    expect(status).toEqual({ 'pos-ingestion': 'down', 'inventory-ledger': 'up', 'reorder-forecasting': 'down' });
    expect(snapshot.services.find((service) => service.name === 'pos-ingestion')?.detail).toMatch(/ECONNREFUSED/);
    expect(snapshot.rejections.status).toBe('not-configured');
  });

  it('shows stock levels against catalog thresholds, alerts, open suggestions and dead letters as they are published', async () => {
    await fixture.publish(TOPICS.catalogItems, [{ ...catalogItemV1Example, sku: 'TEA-100', lowStockThreshold: 20 }]);
    await fixture.publish(TOPICS.stockLevels, [
      { ...stockLevelV1Example, sku: 'TEA-100', locationId: 'S001', onHand: 7, balanceVersion: 3 },
      { ...stockLevelV1Example, sku: 'MILK-1L', locationId: 'S002', onHand: -4, inventoryValue: '-3.0000', balanceVersion: 9 },
      { ...stockLevelV1Example, sku: 'TEA-100', locationId: 'S001', onHand: 99, balanceVersion: 2 },
    ]);
    const alert = { ...alertV1Examples['low-stock'], alertId: `${fixture.prefix}-alert-1`, sku: 'TEA-100' };
    await fixture.publish(TOPICS.alerts, [alert]);
    await fixture.publish(TOPICS.reorderSuggestions, [{ ...reorderSuggestionV1Example, suggestionId: 'sg-live', sku: 'TEA-100', locationId: 'S001' }]);
    await fixture.publish(TOPICS.posTransactionsDeadLetter, [{ ...deadLetterV1Example, originalValue: JSON.stringify({ storeId: 'S001', transactionId: 'T-bad' }) }], () => `${fixture.prefix}-dl-1`);

    const snapshot = await waitFor(
      () => {
        const latest = stream.latest;
        return latest && latest.stock.tracked === 2 && latest.alerts.total === 1 && latest.suggestions.open === 1 && latest.rejections.recent.length === 1 ? latest : undefined;
      },
      { description: 'the published events in the streamed snapshot' },
    );
    expect(snapshot.stock).toMatchObject({ negative: 1, low: 1 });
    expect(snapshot.stock.lowRows).toEqual([expect.objectContaining({ sku: 'TEA-100', onHand: 7, threshold: 20, state: 'low' })]);
    expect(snapshot.stock.negativeRows).toEqual([expect.objectContaining({ sku: 'MILK-1L', locationId: 'S002', onHand: -4 })]);
    expect(snapshot.alerts.recent[0]).toMatchObject({ alertId: alert.alertId, type: 'low-stock' });
    expect(snapshot.suggestions.recent[0]).toMatchObject({ suggestionId: 'sg-live', sku: 'TEA-100' });
    expect(snapshot.rejections.recent[0]).toMatchObject({ id: `dead-letter:${fixture.prefix}-dl-1`, storeId: 'S001', transactionId: 'T-bad', code: deadLetterV1Example.reasonCode });
    expect(snapshot.eventsRead.byTopic[TOPICS.stockLevels.name]).toBe(3);
  });

  it('measures events per second from end offsets and lag from a group\'s committed offsets', async () => {
    const movements = Array.from({ length: 30 }, (_, index) => ({ ...inventoryMovementV1Examples.receipt, movementId: `rcpt-${index}`, sku: `SKU-${index % 4}` }));
    await fixture.publish(TOPICS.inventoryMovements, movements);
    const admin = createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${fixture.prefix}-admin` }).admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(fixture.topic(TOPICS.inventoryMovements.name));
      const committedBehind = ends.map(({ partition, high }) => ({ partition, offset: String(Math.max(0, Number(high) - 5)) }));
      await admin.setOffsets({ groupId: `${fixture.prefix}-ledger`, topic: fixture.topic(TOPICS.inventoryMovements.name), partitions: committedBehind });
      const expectedLag = ends.reduce((sum, { high }) => sum + Math.min(5, Number(high)), 0);

      const snapshot = await waitFor(
        () => {
          const latest = stream.latest;
          const flow = latest?.throughput.topics.find((topic) => topic.topic === TOPICS.inventoryMovements.name);
          const group = latest?.lag.groups.find((candidate) => candidate.groupId === `${fixture.prefix}-ledger`);
          return flow?.total === 30 && group ? { latest, flow, group } : undefined;
        },
        { description: 'throughput and lag of the movements topic' },
      );
      expect(snapshot.group.lag).toBe(expectedLag);
      expect(snapshot.group.topics).toEqual([{ topic: TOPICS.inventoryMovements.name, lag: expectedLag, partitions: 2 }]);
      expect(snapshot.flow.series.some(([, rate]) => rate > 0)).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });

  it('reports what the ledger\'s drift audit finds, with its progress, and green again once they agree', async () => {
    fixture.setDrift([{ sku: 'TEA-100', locationId: 'S001', field: 'onHand', stored: '7', fromMovements: '6' }]);
    await waitFor(() => stream.latest?.drift.status === 'drift', { description: 'drift to show' });
    expect(stream.latest?.drift.keys).toEqual([{ sku: 'TEA-100', locationId: 'S001', field: 'onHand', stored: '7', fromMovements: '6' }]);
    expect(stream.latest?.drift.audit).toEqual({
      passNumber: 4,
      passProgress: 0.4,
      passPhase: 'balances',
      lastFullPass: { finishedAt: '2026-03-02T09:00:00.000Z', durationSeconds: 12.5, keysChecked: 100 },
      mismatchesOpen: 1,
      locationMismatchesOpen: 0,
    });
    fixture.setDrift([]);
    await waitFor(() => stream.latest?.drift.status === 'ok', { description: 'drift to clear' });
  });

  it('sends nothing but heartbeats while nothing changes, and the snapshot again once something does', async () => {
    await waitFor(() => stream.heartbeats > 0, { timeoutMs: 10_000, description: 'the platform to be quiet' });
    const snapshots = stream.received;
    const heartbeats = stream.heartbeats;
    await waitFor(() => stream.heartbeats >= heartbeats + 2, { timeoutMs: 10_000, description: 'two more heartbeats' });
    expect(stream.received).toBe(snapshots);

    await fixture.publish(TOPICS.stockLevels, [{ ...stockLevelV1Example, sku: 'SUGAR-1KG', locationId: 'S003', onHand: 5, balanceVersion: 1, updatedAt: new Date().toISOString() }]);
    const changed = await waitFor(() => stream.latest?.stock.tracked === 3 && stream.latest, { description: 'the new balance in a pushed snapshot' });
    expect(stream.received).toBeGreaterThan(snapshots);
    expect(changed.stock.recentRows[0]).toMatchObject({ sku: 'SUGAR-1KG', locationId: 'S003' });
  });

  it("counts the ledger's open dead letters by reason from its metrics", async () => {
    fixture.setOpenDeadLetters({ 'LEDGER.RESERVED_REASON_CODE': 2, 'CONTRACT.VALIDATION_FAILED': 1 });
    await waitFor(() => stream.latest?.deadLetters.open === 3, { description: 'open dead letters to show' });
    expect(stream.latest?.deadLetters.byReason).toEqual([
      { service: 'inventory-ledger', reasonCode: 'LEDGER.RESERVED_REASON_CODE', count: 2 },
      { service: 'inventory-ledger', reasonCode: 'CONTRACT.VALIDATION_FAILED', count: 1 },
    ]);
    fixture.setOpenDeadLetters({});
    await waitFor(() => stream.latest?.deadLetters.open === 0, { description: 'open dead letters to clear' });
  });

  it('serves its page, health and metrics', async () => {
    const page = await fetch(`${fixture.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="/dashboard.js"');
    expect((await fetch(`${fixture.url}/health/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${fixture.url}/metrics`)).text();
    expect(metrics).toMatch(/ledgerline_dashboard_records_read_total\{topic="inventory.stock-levels.v1"[^}]*\} 4/);
    expect(metrics).toMatch(/ledgerline_dashboard_stream_clients\{[^}]*\} 1/);
  });
});
