// How long each fetch lets the broker wait, chosen fetch by fetch (kafkajs fixes it per consumer;
// tools/patches lets a consumer pass this policy). A busy consumer may ask the broker to hold a
// fetch until it has many bytes, for fewer and larger batches, at the price of that wait when
// traffic is light; an idle consumer repeating such short fetches costs the consumer, the broker
// and the machine a round trip every few milliseconds for nothing. Once a fetch comes back empty
// the consumer long-polls instead: one byte is enough for the broker to answer, so the first record
// after a quiet spell is handed over as soon as it arrives (no later than under the busy wait), and
// a quiet consumer asks once per idle wait. The fetch that brings records back restores the busy
// wait, so catching up and live load are read exactly as before.

import type { ConsumerConfig } from 'kafkajs';

/**
 * The longest idle long poll of a consumer that does not choose one. A stop ends the fetch in
 * flight at once (tools/patches), so the poll costs no shutdown time; what bounds it is the group:
 * a member hears of a rebalance (an instance joining or leaving) only from a heartbeat, sent
 * between fetches, so the others may wait up to one poll more for it.
 */
export const DEFAULT_IDLE_FETCH_MAX_WAIT_MS = 5_000;

/** The shortest idle long poll chosen for a consumer, at short session timeouts (the tests' 6 s). */
const SHORTEST_DEFAULT_IDLE_FETCH_MAX_WAIT_MS = 1_000;

/** Left for heartbeats within half the session timeout, whatever the poll (see heartbeatIntervalFor). */
const HEARTBEAT_ROOM_MS = 2_000;

/**
 * The idle long poll of a consumer that does not choose one, for its session timeout: up to
 * DEFAULT_IDLE_FETCH_MAX_WAIT_MS, short enough that a heartbeat interval of HEARTBEAT_ROOM_MS
 * still fits within half the session (a 6 s session keeps 1 s polls and 2 s heartbeats).
 */
export function defaultIdleFetchMaxWaitMs(sessionTimeoutMs: number): number {
  const fits = Math.floor(sessionTimeoutMs / 2) - HEARTBEAT_ROOM_MS;
  return Math.max(SHORTEST_DEFAULT_IDLE_FETCH_MAX_WAIT_MS, Math.min(DEFAULT_IDLE_FETCH_MAX_WAIT_MS, fits));
}

/** What kafkajs sends with a fetch request. */
export interface FetchWait {
  minBytes: number;
  maxWaitTime: number;
}

/** The contract the patched kafkajs consumer group calls: before each fetch, and after its answer. */
export interface FetchWaitPolicy {
  next(): FetchWait;
  observe(hadRecords: boolean): void;
}

export interface AdaptiveFetchWaitOptions {
  /** Bytes the broker waits for while records keep coming. */
  busyMinBytes: number;
  /** The longest the broker waits for busyMinBytes while records keep coming. */
  busyMaxWaitMs: number;
  /** The longest the broker holds a fetch once one came back empty (it answers on the first byte). */
  idleMaxWaitMs: number;
}

export class AdaptiveFetchWait implements FetchWaitPolicy {
  private idle = false;
  private readonly busy: FetchWait;
  private readonly quiet: FetchWait;

  constructor(options: AdaptiveFetchWaitOptions) {
    if (!(options.busyMinBytes >= 1 && options.busyMaxWaitMs >= 0 && options.idleMaxWaitMs >= 0)) {
      throw new Error(`fetch waits must be positive: ${JSON.stringify(options)}`);
    }
    this.busy = { minBytes: options.busyMinBytes, maxWaitTime: options.busyMaxWaitMs };
    // Never shorter than the busy wait: idle must not ask more often than busy does.
    this.quiet = { minBytes: 1, maxWaitTime: Math.max(options.idleMaxWaitMs, options.busyMaxWaitMs) };
  }

  next(): FetchWait {
    return this.idle ? this.quiet : this.busy;
  }

  observe(hadRecords: boolean): void {
    this.idle = !hadRecords;
  }

  /** True while long-polling (the last fetch came back empty). */
  isIdle(): boolean {
    return this.idle;
  }
}

/** kafkajs's consumer settings with the policy the patched consumer group asks (its types do not know the option). */
export function withFetchWaitPolicy(config: ConsumerConfig, fetchWaitPolicy: FetchWaitPolicy): ConsumerConfig {
  const patched: ConsumerConfig & { fetchWaitPolicy: FetchWaitPolicy } = { ...config, fetchWaitPolicy };
  return patched;
}
