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
  /** Durable and idempotent, as BatchConsumer asks; a throw stalls the partition. */
  handle(events: StockChangedV1[]): Promise<void>;
}

/** A batch consumer of stock-changed from the start of its retention; its owner starts and stops it. */
export function stockChangedFollower(follower: StockChangedFollower, options: StockChangedFollowerOptions): BatchConsumer<StockChangedV1> {
  return new BatchConsumer<StockChangedV1>({
    name: follower.name,
    kafka: options.kafka,
    groupId: options.groupId,
    topics: [prefixedTopic(options.topicPrefix, TOPICS.stockChanged.name)],
    fromBeginning: true,
    decode: decodeStockChanged,
    handle: (records) => follower.handle(records.map((record) => record.value)),
    deadLetters: new StallOnMalformedEvent(follower.loggerName, follower.waiting),
    sessionTimeoutMs: options.sessionTimeoutMs,
    onFatal: options.onFatal,
  });
}

export function decodeStockChanged(record: RawRecord): DecodeResult<StockChangedV1> {
  const result = decodeEvent(TOPICS.stockChanged, record.value);
  return result.ok ? { ok: true, value: result.value.payload } : { ok: false, reasonCode: result.reasonCode, reason: result.reason, errors: [...result.errors] };
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
