// The dashboard with nobody looking (real Kafka, a stand-in for the ledger's HTTP side): it asks
// no service while no page is open and no snapshot was asked for, and the first snapshot or page
// after such a spell shows what the services say now, not what they said when last asked.
import { waitFor } from '@ledgerline/testing';
import type { DashboardSnapshot } from '../src/dashboard/dashboard-snapshot';
import { startDashboardFixture, type DashboardFixture } from './support/dashboard-fixture';
import { SnapshotStream } from './support/snapshot-stream';

jest.setTimeout(60_000);

/** Ten of the fixture's refresh intervals and three of its idle ones. */
const QUIET_SPELL_MS = 3_000;
const mismatch = { sku: 'TEA-100', locationId: 'S001', field: 'onHand', stored: '7', fromMovements: '6' };

describe('ops-dashboard with no page open (real Kafka)', () => {
  let fixture: DashboardFixture;
  let stream: SnapshotStream | undefined;

  beforeAll(async () => {
    fixture = await startDashboardFixture('unwatched');
  });

  afterAll(async () => {
    await stream?.close();
    await fixture?.close();
  });

  it('asks no service while nobody looks, and asks them before answering the first snapshot', async () => {
    // The first round, at start, asks the ledger for readiness, metrics and drift.
    await waitFor(() => fixture.ledgerRequests() >= 3, { description: 'the first round of service polls' });
    const afterStart = fixture.ledgerRequests();
    await new Promise((resolve) => setTimeout(resolve, QUIET_SPELL_MS));
    expect(fixture.ledgerRequests()).toBe(afterStart);

    fixture.setDrift([mismatch]);
    const response = await fetch(`${fixture.url}/api/snapshot`, { headers: fixture.viewerHeaders });
    const snapshot = (await response.json()) as DashboardSnapshot;
    expect(snapshot.drift.status).toBe('drift');
    expect(snapshot.drift.keys).toEqual([mismatch]);
    expect(fixture.ledgerRequests()).toBeGreaterThan(afterStart);
  });

  it('streams a first snapshot to a page that opens after a quiet spell with what the services say now', async () => {
    await new Promise((resolve) => setTimeout(resolve, QUIET_SPELL_MS));
    const beforePage = fixture.ledgerRequests();
    fixture.setDrift([]);
    stream = await SnapshotStream.open(`${fixture.url}/api/events`, fixture.viewer);
    const first = await waitFor(() => stream?.first, { description: 'the first streamed snapshot' });
    expect(first.drift.status).toBe('ok');
    expect(fixture.ledgerRequests()).toBeGreaterThan(beforePage);
    // While the page is open the services are asked again every idle refresh.
    const withPage = fixture.ledgerRequests();
    await waitFor(() => fixture.ledgerRequests() > withPage, { description: 'a poll while the page is open', timeoutMs: 5_000 });
  });
});
