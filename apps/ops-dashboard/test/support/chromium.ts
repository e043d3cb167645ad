// Debian's Chromium for the browser test, installed with apt-get when missing. When it cannot be
// installed the test fails with the exact command to run: a browser test that silently skips
// would hide a page that no longer works.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';

export function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const attempts: string[] = [];
  for (const args of [['install', '-y', 'chromium'], ['update'], ['install', '-y', 'chromium']]) {
    try {
      execFileSync('apt-get', args, { stdio: 'pipe', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch (error) {
      attempts.push(`apt-get ${args.join(' ')}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  }
  throw new Error(
    [`The browser test needs Chromium at ${CHROMIUM_PATH}, and it could not be installed automatically:`, ...attempts.map((attempt) => `  ${attempt}`), `Install it as root with:`, `  ${INSTALL_COMMAND}`, 'then run the tests again.'].join('\n'),
  );
}

/**
 * Headless, sandbox-free (containers), nothing phoning home, and a fresh profile directory
 * (playwright takes the profile as launchPersistentContext's first argument, not as a flag).
 */
export function launchChromium(executablePath: string, viewport = { width: 1400, height: 1100 }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'ops-dashboard-chromium-')), {
    executablePath,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Keeps a dashboard credential in the tab's session storage, as the header's sign-in form does, before any page script runs. */
export async function signInBeforeLoad(page: Page, credential: string): Promise<void> {
  await page.addInitScript(`window.sessionStorage.setItem('ledgerline.credential', ${JSON.stringify(credential)})`);
}

export interface BrowserPage {
  readonly browser: BrowserContext;
  readonly page: Page;
  /** Uncaught errors of the page's scripts, which a test expects to stay empty. */
  readonly pageErrors: string[];
}

/** Chromium (installed when missing) with one page whose uncaught errors are collected. */
export async function openBrowserPage(): Promise<BrowserPage> {
  const browser = await launchChromium(ensureChromium());
  const page = browser.pages()[0] ?? (await browser.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { browser, page, pageErrors };
}
