// Consumes a service's dead-letter topic into its archive (DeadLetterArchive), so operators list
// dead letters by reason without reading the topic on each request. Idempotent by the dead
// letter's event id: a redelivery, a rebalance or a rebuild of the archive from offset zero adds
// nothing twice. One consumer group per service, so one instance archives each letter.
import type { Kafka } from 'kafkajs';
import { decodeEvent, type DeadLetterV1, type TOPICS } from '@ledgerline/contracts';
import { JsonLogger, type ReadinessResult } from '@ledgerline/runtime';
import { BatchConsumer } from '../batch-consumer';
import type { DeadLetterSink, FailureReason, RawRecord } from '../consumed-record';
import { consumerMetrics } from '../consumer-metrics';
import type { DeadLetterArchive } from './dead-letter-archive';

const IDLE_FETCH_WAIT_MS = 5_000;

type DeadLetterTopic = typeof TOPICS.posTransactionsDeadLetter | typeof TOPICS.inventoryMovementsDeadLetter;

export interface DeadLetterArchiverOptions {
  kafka: Kafka;
  /** The service's own group id; the archiver's group is `<groupId>.dead-letters`. */
  groupId: string;
  contract: DeadLetterTopic;
  /** The topic as named on the broker (with the service's prefix). */
  topic: string;
  /** Called when the consumer stopped for good (kafkajs gave up restarting it). */
  onFatal?(error: Error): void;
}

export class DeadLetterArchiver {
  private readonly consumer: BatchConsumer<{ eventId: string; payload: DeadLetterV1 }>;

  constructor(archive: DeadLetterArchive, options: DeadLetterArchiverOptions) {
    const logger = new JsonLogger('DeadLetterArchiver');
    this.consumer = new BatchConsumer({
      name: 'dead-letter-archive',
      kafka: options.kafka,
      groupId: `${options.groupId}.dead-letters`,
      topics: [options.topic],
      fromBeginning: true,
      // Dead letters are rare: an idle fetch waits on the broker for 5 s instead of asking ten
      // times a second. A letter that arrives is still answered at once (the fetch needs 1 byte),
      // and heartbeats (sent between fetches) stay well inside the session timeout.
      fetchMaxWaitMs: IDLE_FETCH_WAIT_MS,
      decode: (record) => {
        const result = decodeEvent(options.contract, record.value);
        return result.ok ? { ok: true, value: { eventId: result.value.eventId, payload: result.value.payload } } : { ...result, errors: [...result.errors] };
      },
      handle: async (records) => {
        const added = await archive.archive(records.map(({ value }) => ({ eventId: value.eventId, deadLetterTopic: options.topic, letter: value.payload })));
        if (added > 0) logger.warn('dead letters archived', { added, topic: options.topic, reasonCodes: [...new Set(records.map(({ value }) => value.payload.reasonCode))] });
      },
      deadLetters: new UnreadableDeadLetterLog(logger),
      onFatal: options.onFatal,
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  readiness(): ReadinessResult {
    return this.consumer.readiness({ readyWhileJoining: true });
  }
}

/**
 * A record on a dead-letter topic that breaks the dead-letter contract was not written by the
 * platform's sinks; there is no further place to set it aside, so it is logged as an error with
 * its position (to be read from the topic, which keeps it) and counted.
 */
class UnreadableDeadLetterLog implements DeadLetterSink {
  constructor(private readonly logger: JsonLogger) {}

  async send(record: RawRecord, failure: FailureReason & { attempts: number }): Promise<void> {
    consumerMetrics.deadLetters.inc({ consumer: 'dead-letter-archive', reason_code: failure.reasonCode });
    this.logger.error('unreadable record on a dead-letter topic: not archived', {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      reasonCode: failure.reasonCode,
      reason: failure.reason,
    });
  }
}
