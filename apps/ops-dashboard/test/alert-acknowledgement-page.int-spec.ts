// Acknowledging an alert in a real browser (Debian's Chromium through playwright-core) against the
// real broker and PostgreSQL: an operator signs in with a dashboard credential, enters a name,
// acknowledges an unknown-SKU alert with a note, and the row says who and when; a dashboard started
// anew on the same database still says so; a new occurrence of the alert shows as not acknowledged
// again. A viewer's credential sees the alert but is refused the acknowledgement with the scope
// named. A screenshot is kept under tmp/screenshots/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TOPICS, type AlertV1 } from '@ledgerline/contracts';
import { waitFor } from '@ledgerline/testing';
import { openBrowserPage, type BrowserPage } from './support/chromium';
import { startDashboardFixture, type DashboardFixture } from './support/dashboard-fixture';

jest.setTimeout(120_000);

const SCREENSHOTS = resolve(__dirname, '../../../tmp/screenshots');

describe('alert acknowledgement in Chromium (real Kafka and PostgreSQL)', () => {
  let fixture: DashboardFixture;
  let browser: BrowserPage;

  beforeAll(async () => {
    browser = await openBrowserPage();
    fixture = await startDashboardFixture('dashboard-ack');
  }, 600_000);

  afterAll(async () => {
    await browser?.browser.close();
    await fixture?.close();
  });

  const unknownSku = (raisedAt: Date, movement: string): AlertV1 => ({
    alertId: `unknown-sku:MYSTERY-TEA@S001-${fixture.prefix}`,
    type: 'unknown-sku',
    severity: 'warning',
    sku: 'MYSTERY-TEA',
    locationId: 'S001',
    onHand: -1,
    movementId: `pos:S001:${movement}:1`,
    raisedAt: raisedAt.toISOString(),
    message: 'MYSTERY-TEA sold at S001 is not in the catalog',
  });

  it('records who acknowledged an alert and when, keeps it across a restart, and shows a new occurrence again', async () => {
    const { page, pageErrors } = browser;
    const first = unknownSku(new Date(Date.now() - 60_000), 'T-1');
    const row = page.locator(`#alerts-table tr[data-key="${first.alertId}"]`);
    await fixture.publish(TOPICS.alerts, [first]);
    const signIn = async (credential: string) => {
      if (await page.locator('#sign-out').isVisible()) await page.click('#sign-out');
      await page.fill('#credential-input', credential);
      await page.click('#sign-in button[type=submit]');
      await page.locator('#sign-in-status', { hasText: 'signed in' }).waitFor();
    };
    await page.goto(fixture.url);
    await signIn(fixture.viewer);
    await row.waitFor();
    expect(await row.locator('a', { hasText: 'what to do' }).getAttribute('href')).toBe('/help.html#unknown-sku');

    // A viewer: refused, and the dialog says which scope is needed.
    await page.fill('#operator-name', 'Ana Lima');
    await row.getByRole('button', { name: /Acknowledge/ }).click();
    await page.fill('#ack-note', 'catalog entry requested from purchasing');
    await page.click('#ack-submit');
    await page.locator('#ack-error', { hasText: 'alerts:acknowledge' }).waitFor();

    await page.click('#ack-cancel');
    const operator = await fixture.issueCredential(['dashboard:view', 'alerts:acknowledge']);
    await signIn(operator);
    await page.fill('#operator-name', 'Ana Lima');
    await row.getByRole('button', { name: /Acknowledge/ }).click();
    await page.fill('#ack-note', 'catalog entry requested from purchasing');
    await page.click('#ack-submit');
    // The dialog closes once the dashboard recorded it; while open it shows why not.
    const dialogClosed = await waitFor(async () => ((await page.locator('#ack-dialog').isVisible()) ? undefined : true), { timeoutMs: 15_000, description: 'the dialog to close' }).catch(() => false);
    expect(dialogClosed || (await page.locator('#ack-error').innerText())).toBe(true);
    await row.locator('.acknowledged', { hasText: 'acknowledged by Ana Lima' }).waitFor();
    expect(await row.innerText()).toContain('catalog entry requested from purchasing');

    // A redeployed dashboard on the same database still says so.
    // (Another origin, so another tab's storage: the operator signs in there too.)
    await page.goto(await fixture.startAnother());
    await signIn(operator);
    await row.locator('.acknowledged', { hasText: 'acknowledged by Ana Lima' }).waitFor({ timeout: 60_000 });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'ops-dashboard-acknowledged.png'), fullPage: true });

    // The same SKU sold again: a new occurrence the operator has not seen.
    await fixture.publish(TOPICS.alerts, [unknownSku(new Date(), 'T-2')]);
    await row.getByRole('button', { name: /Acknowledge/ }).waitFor();
    expect(await row.locator('.acknowledged').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
