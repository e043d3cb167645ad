// Follows inventory.stock-changed.v1 into the counting signals (count_signal, count_signal_day).
// The ledger is the topic's only writer, so an event that breaks its contract is a defect, not
// data to set aside: it is not dead-lettered but stops its partition here (logged with the
// reason, retried with backoff) until the ledger's event is fixed. Stopping delays only the
// counting signals; the intake of sales and store operations does not depend on them.
import { TOPICS, decodeEvent } from '@ledgerline/contracts';
import { BatchConsumer, prefixedTopic, type ConsumedRecord, type DeadLetterSink, type DecodeResult, type FailureReason, type RawRecord } from '@ledgerline/messaging';
import type { StockChangedV1 } from '@ledgerline/contracts';
import type { Kafka } from 'kafkajs';
import { JsonLogger } from '@ledgerline/runtime';
import type { CountSignalsSql } from './count-signals-sql';
import { stockChangeSignal } from './stock-change-signal';

export interface CountSignalsConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topicPrefix: string;
  sessionTimeoutMs?: number;
  onFatal(error: Error): void;
}

/** The batch consumer of stock-changed for the counting signals; its owner starts and stops it. */
export function countSignalsConsumer(signals: CountSignalsSql, options: CountSignalsConsumerOptions): BatchConsumer<StockChangedV1> {
  return new BatchConsumer<StockChangedV1>({
    name: 'count-signals',
    kafka: options.kafka,
    groupId: options.groupId,
    topics: [prefixedTopic(options.topicPrefix, TOPICS.stockChanged.name)],
    fromBeginning: true,
    decode: decodeStockChanged,
    handle: (records: Array<ConsumedRecord<StockChangedV1>>) => signals.record(records.map((record) => stockChangeSignal(record.value))),
    deadLetters: new StallOnMalformedEvent(),
    sessionTimeoutMs: options.sessionTimeoutMs,
    onFatal: options.onFatal,
  });
}

function decodeStockChanged(record: RawRecord): DecodeResult<StockChangedV1> {
  const result = decodeEvent(TOPICS.stockChanged, record.value);
  return result.ok ? { ok: true, value: result.value.payload } : { ok: false, reasonCode: result.reasonCode, reason: result.reason, errors: [...result.errors] };
}

/** Refuses to set an event aside: the batch fails and is tried again, so the partition waits. */
export class StallOnMalformedEvent implements DeadLetterSink {
  private readonly logger = new JsonLogger('CountSignalsConsumer');

  async send(record: RawRecord, failure: FailureReason & { attempts: number }): Promise<void> {
    this.logger.error('a stock-changed event breaks its contract; counting signals wait on its partition', {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      reasonCode: failure.reasonCode,
      reason: failure.reason,
    });
    throw new Error(`stock-changed event at ${record.topic}/${record.partition}@${record.offset} breaks its contract: ${failure.reasonCode}`);
  }
}
