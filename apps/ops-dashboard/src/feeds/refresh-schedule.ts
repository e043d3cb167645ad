// When the dashboard asks the broker and the services, given who is looking. The picture is only
// worth keeping current while someone looks at it: a connected page, or a snapshot asked for
// lately. Then the broker's end offsets are read every refresh, and the services, the drift check
// and the groups' offsets every refresh while the platform is busy, every idle refresh while it is
// quiet. With nobody looking the services are not asked at all, and the broker only every
// unwatched refresh (so readiness still tells whether it answers); the first page or snapshot
// after such a spell is told to refresh everything before it is shown, so what it shows is fresh.

export interface RefreshScheduleOptions {
  /** How long the picture stays watched after the last snapshot request or the last page closed. */
  idleRefreshIntervalMs: number;
  /** With nobody looking, how often the broker is still asked (for readiness). */
  unwatchedRefreshIntervalMs: number;
}

export class RefreshSchedule {
  private pages = 0;
  private viewerSeenAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: RefreshScheduleOptions) {
    if (!(options.idleRefreshIntervalMs > 0 && options.unwatchedRefreshIntervalMs > 0)) {
      throw new Error(`refresh intervals must be positive: ${JSON.stringify(options)}`);
    }
  }

  get openPages(): number {
    return this.pages;
  }

  /** True while a page is open or a snapshot was asked for within the idle refresh interval. */
  isWatched(now: number): boolean {
    return this.pages > 0 || now - this.viewerSeenAt < this.options.idleRefreshIntervalMs;
  }

  /** A page connected; true when nobody was looking until now, so everything must be refreshed before its first snapshot. */
  pageOpened(now: number): boolean {
    const stale = !this.isWatched(now);
    this.pages += 1;
    this.viewerSeenAt = now;
    return stale;
  }

  /** A page went away; the picture stays watched for a while, so a reload finds it current. */
  pageClosed(now: number): void {
    this.pages = Math.max(0, this.pages - 1);
    this.viewerSeenAt = now;
  }

  /** A snapshot was asked for; true when nobody was looking until now (refresh before answering). */
  snapshotRequested(now: number): boolean {
    const stale = !this.isWatched(now);
    this.viewerSeenAt = now;
    return stale;
  }

  /** Whether the broker's end offsets are read at this refresh tick. */
  brokerDue(now: number, brokerReadAt: number): boolean {
    return this.isWatched(now) || now - brokerReadAt >= this.options.unwatchedRefreshIntervalMs;
  }

  /** Whether the groups' committed offsets are read with them (only for someone looking). */
  committedDue(now: number, committedReadAt: number, busy: boolean): boolean {
    return this.isWatched(now) && (busy || now - committedReadAt >= this.options.idleRefreshIntervalMs);
  }

  /** Whether the services, the drift check and the rejections are asked at this refresh tick. */
  servicesDue(now: number, servicesPolledAt: number, busy: boolean): boolean {
    return this.isWatched(now) && (busy || now - servicesPolledAt >= this.options.idleRefreshIntervalMs);
  }
}
