// The alerts list against the real broker and PostgreSQL: alerts published to the alerts topic are
// logged by the dashboard and listed newest first, narrowed by type, location and time range, a
// page of 50 at a time; bad filters are a 400 naming the field; an alert older than the recent ones
// the dashboard holds is acknowledged from the log; and in Chromium the alerts page's filter shows
// the same rows as the API and a bad filter's message, and an operator acknowledges from it.
import { TOPICS, type AlertType, type AlertV1 } from '@ledgerline/contracts';
import { waitFor } from '@ledgerline/testing';
import { openBrowserPage, signInBeforeLoad, type BrowserPage } from './support/chromium';
import { startDashboardFixture, type DashboardFixture } from './support/dashboard-fixture';

jest.setTimeout(180_000);

const BASE = Date.parse('2026-03-02T08:00:00.000Z');
const minutes = (count: number) => new Date(BASE + count * 60_000).toISOString();

function alertAt(index: number, type: AlertType, locationId: string): AlertV1 {
  return {
    alertId: `${type}:pos:${locationId}:T-${index}:1`,
    type,
    severity: 'warning',
    sku: `SKU-${index % 7}`,
    locationId,
    onHand: type === 'negative-stock' ? -1 : 0,
    movementId: `pos:${locationId}:T-${index}:1`,
    raisedAt: minutes(index),
    message: `alert ${index} at ${locationId}`,
  };
}

// 60 alerts a minute apart: every third one negative stock, the rest out of stock, at S1 or S2 by turns.
const ALERTS = Array.from({ length: 60 }, (_, index) => alertAt(index, index % 3 === 0 ? 'negative-stock' : 'stockout', index % 2 === 0 ? 'S1' : 'S2'));

describe('the alerts list, filtered and paged (real Kafka and PostgreSQL)', () => {
  let fixture: DashboardFixture;
  let viewer: string;

  beforeAll(async () => {
    fixture = await startDashboardFixture('dashboard-alert-log');
    viewer = fixture.viewer;
    await fixture.publish(TOPICS.alerts, ALERTS);
    await waitFor(async () => ((await list('')).body.items?.length === 50 ? true : undefined), { timeoutMs: 60_000, description: 'the alerts to be logged' });
  }, 600_000);

  afterAll(async () => {
    await fixture?.close();
  });

  async function list(query: string): Promise<{ status: number; body: { items?: AlertV1[]; next?: string | null; code?: string; message?: string } }> {
    const response = await fetch(`${fixture.url}/api/alerts${query}`, { headers: { authorization: `Bearer ${viewer}` } });
    return { status: response.status, body: (await response.json()) as never };
  }

  const newestFirst = (alerts: readonly AlertV1[]) => [...alerts].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt)).map((alert) => alert.alertId);

  it('pages every alert newest first, without repeating or losing one', async () => {
    const first = await list('');
    expect(first.body.items?.map((alert) => alert.alertId)).toEqual(newestFirst(ALERTS).slice(0, 50));
    expect(first.body.next).toEqual(expect.any(String));
    const second = await list(`?after=${first.body.next}`);
    expect(second.body.items?.map((alert) => alert.alertId)).toEqual(newestFirst(ALERTS).slice(50));
    expect(second.body.next).toBeNull();
  });

  it('narrows by type, location and time range together', async () => {
    const answer = await list(`?type=negative-stock&location=S1&from=${minutes(10)}&to=${minutes(40)}`);
    const expected = ALERTS.filter((alert) => alert.type === 'negative-stock' && alert.locationId === 'S1' && alert.raisedAt >= minutes(10) && alert.raisedAt < minutes(40));
    expect(expected.length).toBeGreaterThan(0);
    expect(answer.body.items?.map((alert) => alert.alertId)).toEqual(newestFirst(expected));
    expect(answer.body.next).toBeNull();
  });

  it('answers an empty list for a location without alerts, and a 404 for one the ledger does not know', async () => {
    expect((await list('?location=S3')).body.items).toEqual([]);
    const unknown = await list('?location=NOWHERE');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'DASHBOARD.UNKNOWN_LOCATION', message: expect.stringContaining('No balances recorded at NOWHERE') });
  });

  it.each([
    ['a range that ends before it starts', '?from=2026-03-02T10:00:00Z&to=2026-03-02T09:00:00Z', 'to must be later than from'],
    ['a time that is not one', '?from=yesterday', 'from must be a date and time'],
    ['an unknown type', '?type=fire', 'type must be one of'],
    ['a location of 10,000 characters', `?location=${'L'.repeat(10_000)}`, 'location'],
    ['a type of 10,000 characters', `?type=${'x'.repeat(10_000)}`, 'type must be one of'],
    ['a made-up page position', '?after=not-a-cursor', 'after is not a position'],
  ])('refuses %s with a 400 naming the field', async (_case, query, message) => {
    const answer = await list(query);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('DASHBOARD.INVALID_INPUT');
    expect(answer.body.message).toContain(message);
  });

  async function acknowledge(alertId: string, credential: string, note: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${fixture.url}/api/alerts/${encodeURIComponent(alertId)}/acknowledgement`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'Ana Lima', note }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('acknowledges an alert known only to the log (older than the recent ones held), and still refuses one it never saw', async () => {
    const operator = await fixture.issueCredential(['dashboard:view', 'alerts:acknowledge']);
    // The oldest of the 60: beyond the 50 recent alerts the dashboard holds in memory.
    const oldest = ALERTS[0]!;
    expect(await acknowledge(oldest.alertId, operator, 'counted, the shelf was right')).toMatchObject({ status: 201, body: { alertId: oldest.alertId, alertRaisedAt: oldest.raisedAt, by: 'Ana Lima' } });
    const page = await list(`?type=negative-stock&location=S1&to=${minutes(1)}`);
    expect(page.body.items).toEqual([expect.objectContaining({ alertId: oldest.alertId, acknowledgement: expect.objectContaining({ by: 'Ana Lima', note: 'counted, the shelf was right' }) })]);
    expect(await acknowledge('negative-stock:pos:S9:T-0:1', operator, 'no such alert')).toMatchObject({ status: 404, body: { code: 'DASHBOARD.ALERT_NOT_FOUND' } });
    expect((await acknowledge(ALERTS[3]!.alertId, viewer, 'a viewer may not')).status).toBe(403);
  });

  describe('in Chromium', () => {
    let browser: BrowserPage;

    beforeAll(async () => {
      browser = await openBrowserPage();
      await signInBeforeLoad(browser.page, viewer);
    }, 600_000);

    afterAll(async () => {
      await browser?.browser.close();
    });

    it('shows the rows the API answers for the filter chosen, and a bad range as a message', async () => {
      const { page, pageErrors } = browser;
      await page.goto(`${fixture.url}/alerts.html`);
      await page.selectOption('#filter-type', 'negative-stock');
      await page.fill('#filter-location', 'S2');
      await page.fill('#filter-from', minutes(0).slice(0, 19));
      await page.fill('#filter-to', minutes(30).slice(0, 19));
      await page.click('#alert-filter button[type=submit]');
      await page.waitForURL(/type=negative-stock/);
      await page.locator('#main[data-loaded="true"]').waitFor();
      const shown = await page.locator('#alert-log-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key')));
      const api = await list(`?type=negative-stock&location=S2&from=${minutes(0)}&to=${minutes(30)}`);
      expect(api.body.items?.length).toBeGreaterThan(0);
      expect(shown).toEqual(api.body.items?.map((alert) => `${alert.alertId}@${alert.raisedAt}`));

      const message = async (query: string) => {
        await page.goto(`${fixture.url}/alerts.html?${query}`);
        await page.locator('#message:not([hidden])').waitFor();
        return page.locator('#message').innerText();
      };
      expect(await message(`from=${minutes(30)}&to=${minutes(0)}`)).toContain('to must be later than from');
      expect(await message('location=NOWHERE')).toContain('No balances recorded at NOWHERE');
      expect(await message(`location=${'L'.repeat(10_000)}`)).toMatch(/^location /);
      expect(await message(`type=${'x'.repeat(10_000)}`)).toContain('type must be one of');
      expect(pageErrors).toEqual([]);
    });

    it('lets an operator acknowledge an alert from the list, and shows who and when in its row', async () => {
      // A browser of the operator's own: the viewer's is signed in before every load.
      const operatorBrowser = await openBrowserPage();
      try {
        const { page, pageErrors } = operatorBrowser;
        await signInBeforeLoad(page, await fixture.issueCredential(['dashboard:view', 'alerts:acknowledge']));
        const target = ALERTS[6]!; // negative stock at S1, beyond the recent ones held
        await page.goto(`${fixture.url}/alerts.html?type=negative-stock&location=S1&from=${minutes(6)}&to=${minutes(7)}`);
        await page.locator('#main[data-loaded="true"]').waitFor();
        const row = page.locator(`#alert-log-table tr[data-key="${target.alertId}@${target.raisedAt}"]`);
        await page.fill('#operator-name', 'Ana Lima');
        await row.getByRole('button', { name: /Acknowledge/ }).click();
        await page.fill('#ack-note', 'recounted: two were in the back room');
        await page.click('#ack-submit');
        await row.locator('.acknowledged', { hasText: 'Ana Lima' }).waitFor({ timeout: 15_000 });
        expect(await row.innerText()).toContain('recounted: two were in the back room');
        const api = await list(`?type=negative-stock&location=S1&from=${minutes(6)}&to=${minutes(7)}`);
        expect(api.body.items?.[0]).toMatchObject({ alertId: target.alertId, acknowledgement: { by: 'Ana Lima' } });
        expect(pageErrors).toEqual([]);
      } finally {
        await operatorBrowser.browser.close();
      }
    });
  });
});
