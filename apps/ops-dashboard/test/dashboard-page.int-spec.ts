// The dashboard page in a real browser (Debian's Chromium through playwright-core), against the
// real broker: the page connects to the live stream, shows services that are not running as
// down, and updates by itself when new events are published: the records counter grows, a new
// alert row and a negative balance appear. A screenshot is kept under tmp/screenshots/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { TOPICS, alertV1Examples, catalogItemV1Example, reorderSuggestionV1Example, stockLevelV1Example, type StockLevelV1 } from '@ledgerline/contracts';
import { waitFor } from '@ledgerline/testing';
import { ensureChromium, launchChromium } from './support/chromium';
import { startDashboardFixture, type DashboardFixture } from './support/dashboard-fixture';

jest.setTimeout(90_000);

const SCREENSHOTS = resolve(__dirname, '../../../tmp/screenshots');

describe('ops-dashboard page in Chromium (real Kafka)', () => {
  let fixture: DashboardFixture;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const executablePath = ensureChromium();
    fixture = await startDashboardFixture('dashboard-page');
    browser = await launchChromium(executablePath);
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  const text = (selector: string) => page.locator(selector).innerText();
  const number = async (selector: string) => Number((await text(selector)).replace(/[^0-9-]/g, ''));
  const level = (sku: string, locationId: string, onHand: number, balanceVersion: number): StockLevelV1 => ({ ...stockLevelV1Example, sku, locationId, onHand, balanceVersion, inventoryValue: (onHand * 2).toFixed(4) });

  it('shows live numbers that change as events are published', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await fixture.publish(TOPICS.catalogItems, [{ ...catalogItemV1Example, sku: 'TEA-100', lowStockThreshold: 20 }]);
    await fixture.publish(TOPICS.stockLevels, [level('TEA-100', 'S001', 40, 1), level('COFFEE-1KG', 'S001', 12, 1)]);

    // Without a credential the page asks for one and shows nothing of the platform.
    await page.goto(fixture.url);
    await page.locator('#connection', { hasText: 'signed out' }).waitFor();
    await page.locator('#sign-in-status', { hasText: 'Sign in with a dashboard credential' }).waitFor();
    expect(await text('#stock-tracked')).not.toBe('2');
    await page.fill('#credential-input', 'sk_0123456789abcdef_not-a-credential-of-this-dashboard-000000');
    await page.click('#sign-in button[type=submit]');
    await page.locator('#sign-in-status', { hasText: 'unknown or revoked' }).waitFor();
    await page.fill('#credential-input', fixture.viewer);
    await page.click('#sign-in button[type=submit]');
    await page.locator('#connection', { hasText: 'live' }).waitFor();
    await page.locator('#sign-in-status', { hasText: 'signed in' }).waitFor();
    await page.locator('#service-pos-ingestion[data-status="down"]').waitFor();
    await page.locator('#service-inventory-ledger[data-status="up"]').waitFor();
    await waitFor(async () => (await number('#stock-tracked')) === 2, { description: 'two balances on the page' });
    const readBefore = await number('#events-read-total');
    expect(readBefore).toBeGreaterThanOrEqual(3);
    expect(await number('#alerts-total')).toBe(0);

    const alertId = `${fixture.prefix}-negative-1`;
    await fixture.publish(TOPICS.stockLevels, [level('TEA-100', 'S001', 5, 2), level('MILK-1L', 'S002', -3, 4)]);
    await fixture.publish(TOPICS.alerts, [{ ...alertV1Examples['low-stock'], alertId, type: 'negative-stock', severity: 'critical', sku: 'MILK-1L', locationId: 'S002', onHand: -3, message: 'MILK-1L at S002 is at -3' }]);
    await fixture.publish(TOPICS.reorderSuggestions, [{ ...reorderSuggestionV1Example, suggestionId: 'sg-page', sku: 'TEA-100', locationId: 'S001', orderQuantity: 60 }]);

    await page.locator(`#alerts-table tr[data-key="${alertId}"]`).waitFor();
    await waitFor(async () => (await number('#events-read-total')) >= readBefore + 4, { description: 'the records counter to grow' });
    expect(await text(`#alerts-table tr[data-key="${alertId}"]`)).toContain('MILK-1L at S002 is at -3');
    await page.locator('#negative-table tr[data-key="MILK-1L@S002"]').waitFor();
    await page.locator('#low-table tr[data-key="TEA-100@S001"]').waitFor();
    await page.locator('#suggestions-table tr[data-key="sg-page"]').waitFor();
    expect(await number('#stock-negative')).toBe(1);
    expect(await number('#suggestions-open')).toBe(1);
    expect(await page.locator('#flow-chart polyline').count()).toBeGreaterThan(0);
    // Once nothing changes, heartbeats keep the page's time moving.
    const shownAt = await text('#generated-at');
    await waitFor(async () => (await text('#generated-at')) !== shownAt, { description: 'the page to move on in time' });

    fixture.setOpenDeadLetters({ 'LEDGER.RESERVED_REASON_CODE': 3 });
    await page.locator('#dead-letters-table tr[data-key="inventory-ledger:LEDGER.RESERVED_REASON_CODE"]').waitFor();
    expect(await number('#dead-letters-open')).toBe(3);
    expect(pageErrors).toEqual([]);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'ops-dashboard.png'), fullPage: true });
  });
});
