// How pos-ingestion's followers of inventory.stock-changed.v1 read it. The ledger is the topic's
// only writer, so an event that breaks its contract is a defect, not data to set aside: it is not
// dead-lettered but stops its partition (logged with the reason, retried with backoff) until the
// ledger's event is fixed.
import { TOPICS, decodeEvent, type StockChangedV1 } from '@ledgerline/contracts';
import { BatchConsumer, prefixedTopic, type DeadLetterSink, type DecodeResult, type FailureReason, type RawRecord } from '@ledgerline/messaging';
import { JsonLogger } from '@ledgerline/runtime';
import type { Kafka } from 'kafkajs';

/** What each follower's consumer is built with; its owner starts and stops it. */
export interface StockChangedFollowerOptions {
  kafka: Kafka;
  groupId: string;
  topicPrefix: string;
  sessionTimeoutMs?: number;
  onFatal(error: Error): void;
}

export interface StockChangedFollower {
  /** The consumer's name in metrics and logs, and its logger's for a stalled partition. */
  readonly name: string;
  readonly loggerName: string;
  /** What stops with a stalled partition, for the log: "counting signals". */
  readonly waiting: string;
  /**
   * Given, only events of these kinds are decoded and handed to `handle`; an event whose text
   * shows it cannot be one of them (kindsIn) is passed over unread. A follower that reads every
   * kind validates every event, so an event breaking its contract still stalls that one.
   */
  readonly kinds?: readonly StockChangedV1['kind'][];
  /** Durable and idempotent, as BatchConsumer asks; a throw stalls the partition. */
  handle(events: StockChangedV1[]): Promise<void>;
}

/**
 * While events keep coming, a follower lets the broker gather this much before it answers, or
 * until FOLLOWER_FETCH_MAX_WAIT_MS passed: none of what the followers learn is wanted within the
 * second, and each batch costs a transaction and an offset commit whatever its size, so fetching
 * each event as it arrives cost pos-ingestion more per POS line at a steady trickle than at full
 * load. An idle follower still long-polls with a one-byte minimum (BatchConsumer).
 */
const FOLLOWER_FETCH_MIN_BYTES = 256 * 1024;
const FOLLOWER_FETCH_MAX_WAIT_MS = 500;

/** A follower's consumer: an event passed over unread is null until the follower's handle drops it. */
export type StockChangedFollowerConsumer = BatchConsumer<StockChangedV1 | null>;

/** A batch consumer of stock-changed from the start of its retention; its owner starts and stops it. */
export function stockChangedFollower(follower: StockChangedFollower, options: StockChangedFollowerOptions): StockChangedFollowerConsumer {
  const kinds = follower.kinds;
  const mayHoldKinds = kinds === undefined ? undefined : mayBeOfKinds(kinds);
  return new BatchConsumer<StockChangedV1 | null>({
    name: follower.name,
    kafka: options.kafka,
    groupId: options.groupId,
    topics: [prefixedTopic(options.topicPrefix, TOPICS.stockChanged.name)],
    fromBeginning: true,
    decode: mayHoldKinds === undefined ? decodeStockChanged : (record) => (mayHoldKinds(record.value) ? decodeStockChanged(record) : PASSED_OVER),
    handle: (records) => follower.handle(records.flatMap(({ value }) => (value === null || (kinds !== undefined && !kinds.includes(value.kind)) ? [] : [value]))),
    deadLetters: new StallOnMalformedEvent(follower.loggerName, follower.waiting),
    sessionTimeoutMs: options.sessionTimeoutMs,
    fetchMinBytes: FOLLOWER_FETCH_MIN_BYTES,
    fetchMaxWaitMs: FOLLOWER_FETCH_MAX_WAIT_MS,
    onFatal: options.onFatal,
  });
}

export function decodeStockChanged(record: RawRecord): DecodeResult<StockChangedV1> {
  const result = decodeEvent(TOPICS.stockChanged, record.value);
  return result.ok ? { ok: true, value: result.value.payload } : { ok: false, reasonCode: result.reasonCode, reason: result.reason, errors: [...result.errors] };
}

const PASSED_OVER: DecodeResult<null> = { ok: true, value: null };

/**
 * Whether an event's text may hold one of these kinds, without parsing it. A JSON string whose
 * value is a kind (letters and hyphens) appears in the text as the kind between quotes, unless it
 * is written with \u escapes; an event holding neither is certainly of another kind. The ledger
 * writes every event without escapes, so nearly every event of another kind is passed over here.
 *
 * Every event of the topic passes through here, so the search is one regular expression over
 * the bytes read as latin1 (one character per byte, each needle written the same way from its
 * UTF-8 bytes): it finds exactly what searching the bytes for each needle in turn finds, in a
 * fraction of the time.
 */
export function mayBeOfKinds(kinds: readonly string[]): (value: RawRecord['value']) => boolean {
  const needles = ['\\u', ...kinds.map((kind) => `"${kind}"`)].map((needle) => Buffer.from(needle, 'utf8').toString('latin1'));
  const anyNeedle = new RegExp(needles.map(literalPattern).join('|'));
  return (value) => value === null || anyNeedle.test(value.toString('latin1'));
}

function literalPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Refuses to set an event aside: the batch fails and is tried again, so the partition waits. */
export class StallOnMalformedEvent implements DeadLetterSink {
  private readonly logger: JsonLogger;

  /** `waiting` names what stops with the partition, for the log: "counting signals". */
  constructor(
    loggerName: string,
    private readonly waiting: string,
  ) {
    this.logger = new JsonLogger(loggerName);
  }

  async send(record: RawRecord, failure: FailureReason & { attempts: number }): Promise<void> {
    this.logger.error(`a stock-changed event breaks its contract; ${this.waiting} wait on its partition`, {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      reasonCode: failure.reasonCode,
      reason: failure.reason,
    });
    throw new Error(`stock-changed event at ${record.topic}/${record.partition}@${record.offset} breaks its contract: ${failure.reasonCode}`);
  }
}
