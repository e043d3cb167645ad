// The pure parts of the closing inventory: how long its build rests between pages and after a
// failure, and what a request for a day no close is through is told.

/** The longest rest after a failed page: the build tries again, nothing of the page was kept. */
export const MAX_RETRY_DELAY_MS = 30_000;

/**
 * The rest after a page that took `pageMs`, so the build reads at most `pagesPerSecond` pages a
 * second: a page slower than its share rests nothing more.
 */
export function restAfterPage(pagesPerSecond: number, pageMs: number): number {
  return Math.max(0, Math.ceil(1_000 / pagesPerSecond - pageMs));
}

/** The rest after the `failures`-th failed page in a row: doubling from one second, at most MAX_RETRY_DELAY_MS. */
export function retryDelayMs(failures: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, 1_000 * 2 ** Math.max(0, Math.min(failures - 1, 10)));
}

/** Why there is no closing inventory through `day`, naming the days the books were closed through (newest first). */
export function noCloseThroughMessage(day: string, closedDays: readonly string[], listed: number): string {
  if (closedDays.length === 0) return `no close is through ${day}: the books were never closed (GET /v1/periods)`;
  const more = closedDays.length >= listed ? ', ... (GET /v1/periods lists them all)' : '';
  return `no close is through ${day}: the books were closed through ${closedDays.join(', ')}${more}`;
}

/** Why the closing inventory of a close is not there yet, with how far its build has come. */
export function pendingMessage(day: string, keysDone: number, keysTotal: number | null): string {
  const progress = keysTotal === null ? 'not started' : `${keysDone} of about ${keysTotal} keys read`;
  return `the closing inventory through ${day} is being built (${progress}); retry later (GET /v1/periods shows when it is ready)`;
}
