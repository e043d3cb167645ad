// The dead-letter actions in a real browser (Debian's Chromium through playwright-core) against
// the real inventory-ledger and reorder-forecasting processes and the real broker: two ERP
// adjustments using the ledger-only reason `count-variance` are dead-lettered by the ledger; from
// the dashboard an operator lists the reason's letters, sees one (its record, its SKU linked to the
// item page and what to do), discards it with a reason, and replays the other. The ledger's own
// admin API then holds both actions with the operator's name. A screenshot is kept under
// tmp/screenshots/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { waitFor } from '@ledgerline/testing';
import { openBrowserPage, signInBeforeLoad, type BrowserPage } from './support/chromium';
import { startPlatformFixture, type PlatformFixture } from './support/platform-fixture';

jest.setTimeout(240_000);

const SCREENSHOTS = resolve(__dirname, '../../../tmp/screenshots');
const REASON = 'LEDGER.RESERVED_REASON_CODE';

const forgedVariance = (id: string, sku: string): InventoryMovementV1 => ({
  movementId: `erp:forged:${id}`,
  kind: 'adjustment',
  sku,
  locationId: 'S1',
  quantity: 5,
  reasonCode: 'count-variance',
  occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
  source: { system: 'erp', documentId: `ADJ-${id}` },
});

describe('dead-letter actions in Chromium (real ledger, forecasting and Kafka)', () => {
  let platform: PlatformFixture;
  let browser: BrowserPage;

  beforeAll(async () => {
    browser = await openBrowserPage();
    platform = await startPlatformFixture('dashboard-dead-letters');
  }, 600_000);

  afterAll(async () => {
    await browser?.browser.close();
    await platform?.close();
  });

  async function ledgerLetter(eventId: string): Promise<{ status: string; lastActionBy: string; actions: Array<{ action: string; note: string | null }> }> {
    const response = await fetch(`${platform.ledgerUrl}/v1/admin/dead-letters/${encodeURIComponent(eventId)}`, { headers: { authorization: `Bearer ${platform.servicesAdminApiKey}` } });
    return (await response.json()) as never;
  }

  it('lists, shows, discards and replays dead letters through the owning service', async () => {
    const { page, pageErrors } = browser;
    await platform.publishMovements([forgedVariance('1', 'TEA-GREEN'), forgedVariance('2', 'TEA-BLACK')]);
    await signInBeforeLoad(page, await platform.issueDashboardCredential(['dashboard:view', 'dead-letters:act']));
    await page.goto(platform.url);
    await page.fill('#operator-name', 'Ana Lima');
    const reasonRow = page.locator(`#dead-letters-table tr[data-key="inventory-ledger:${REASON}"]`);
    await reasonRow.waitFor({ timeout: 90_000 });
    await waitFor(async () => ((await reasonRow.innerText()).includes('2') ? true : undefined), { timeoutMs: 60_000, description: 'two open letters counted' });

    await reasonRow.getByRole('button', { name: /Open letters/ }).click();
    const letters = page.locator('#dead-letter-list tbody tr[data-key]');
    await waitFor(async () => ((await letters.count()) === 2 ? true : undefined), { timeoutMs: 30_000, description: 'both letters listed' });
    const [discarded, replayed] = await letters.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key') ?? ''));

    await page.locator(`#dead-letter-list tr[data-key="${discarded}"]`).getByRole('button', { name: 'Show' }).click();
    await page.locator('#dead-letter-event', { hasText: discarded! }).waitFor();
    expect(await page.locator('#dead-letter-reason-code').innerText()).toContain(REASON);
    expect(await page.locator('#dead-letter-value').innerText()).toContain('count-variance');
    expect(await page.locator('#dead-letter-skus a').getAttribute('href')).toBe('/item.html?sku=TEA-GREEN&location=S1');
    expect(await page.locator('#dead-letter-help').getAttribute('href')).toBe(`/help.html#${encodeURIComponent(REASON)}`);
    await page.fill('#dead-letter-discard-reason', 'the ERP resends it as damaged goods');
    await page.click('#dead-letter-discard');
    await page.locator('#dead-letter-status', { hasText: 'discarded by Ana Lima' }).waitFor();
    expect(await page.locator('#dead-letter-replay').isDisabled()).toBe(true);

    await page.locator(`#dead-letter-list tr[data-key="${replayed}"]`).getByRole('button', { name: 'Show' }).click();
    await page.locator('#dead-letter-event', { hasText: replayed! }).waitFor();
    await page.fill('#dead-letter-note', 'replayed from the dashboard');
    await page.click('#dead-letter-replay');
    await page.locator('#dead-letter-status', { hasText: 'replayed by Ana Lima' }).waitFor();
    expect(await page.locator('#dead-letter-result').innerText()).toContain('replayed to');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'ops-dashboard-dead-letters.png'), fullPage: true });

    const [discardedThere, replayedThere] = await Promise.all([ledgerLetter(discarded!), ledgerLetter(replayed!)]);
    expect(discardedThere).toMatchObject({ status: 'discarded', lastActionBy: expect.stringMatching(/^Ana Lima \(ops-dashboard \w+\)$/), actions: [expect.objectContaining({ action: 'discarded', note: 'the ERP resends it as damaged goods' })] });
    expect(replayedThere).toMatchObject({ status: 'replayed', lastActionBy: expect.stringMatching(/^Ana Lima/), actions: [expect.objectContaining({ action: 'replayed', note: 'replayed from the dashboard' })] });
    expect(pageErrors).toEqual([]);
  });
});
