// What the live page is sent each refresh: the snapshot when it differs from the last one sent,
// otherwise nothing, and a small heartbeat when nothing was sent for a while, so a quiet platform
// costs a page one tiny message per heartbeat instead of the whole picture every refresh. Whether
// a snapshot differs ignores when it was made and when each source was last asked.
import type { DashboardSnapshot } from './dashboard-snapshot';

export type PageUpdate =
  | { readonly type: 'snapshot'; readonly data: DashboardSnapshot }
  | { readonly type: 'heartbeat'; readonly data: { readonly generatedAt: string } };

const TIMESTAMPS_OF_ASKING = new Set(['generatedAt', 'checkedAt']);

/** The snapshot's content as text, without the times at which it or its sources were read. */
export function snapshotContent(snapshot: DashboardSnapshot): string {
  return JSON.stringify(snapshot, (key, value: unknown) => (TIMESTAMPS_OF_ASKING.has(key) ? undefined : value));
}

export class PageUpdates {
  private lastContent: string | undefined;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly heartbeatMs: number) {}

  /** The update to send for this refresh, if any. */
  next(snapshot: DashboardSnapshot, now: number): PageUpdate | undefined {
    const content = snapshotContent(snapshot);
    if (content !== this.lastContent) {
      this.lastContent = content;
      this.lastSentAt = now;
      return { type: 'snapshot', data: snapshot };
    }
    if (now - this.lastSentAt < this.heartbeatMs) return undefined;
    this.lastSentAt = now;
    return { type: 'heartbeat', data: { generatedAt: snapshot.generatedAt } };
  }
}
