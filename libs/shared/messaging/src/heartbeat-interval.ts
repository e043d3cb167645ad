// How often a consumer heartbeats to its group. Every heartbeat is a request the broker answers,
// so an idle consumer should send few; but the broker drops a member that stays silent for the
// session timeout, and a member learns of a rebalance (another instance joining or leaving) only
// from a heartbeat's answer, so each one the member skips delays that rebalance.

/** No longer than this, so a rebalance waits at most about this long for a member to notice it. */
export const MAX_HEARTBEAT_INTERVAL_MS = 10_000;

/**
 * The heartbeat interval for a session timeout and the longest wait of one fetch. kafkajs heartbeats
 * after a fetch, once the interval has passed since the last heartbeat: the longest silence is the
 * interval plus one fetch. That silence is kept within half the session timeout, so one lost or
 * slow heartbeat does not cost the membership. Throws when no interval of at least 500 ms fits:
 * the fetch wait is too long for the session timeout.
 */
export function heartbeatIntervalFor(sessionTimeoutMs: number, longestFetchWaitMs: number): number {
  const interval = Math.min(MAX_HEARTBEAT_INTERVAL_MS, Math.floor(sessionTimeoutMs / 2) - longestFetchWaitMs);
  if (!(interval >= 500)) {
    throw new Error(`a fetch wait of ${longestFetchWaitMs} ms leaves no safe heartbeat interval within a session timeout of ${sessionTimeoutMs} ms`);
  }
  return interval;
}
