// Sets aside raw POS records that cannot be taken in: the dead-letter contract (original bytes,
// position, reason, field errors) in the standard envelope on pos.transactions.dead-letter.v1,
// keyed like the original. Each one is also kept in the recent-rejections table for operations.
import { TOPICS, createEnvelope, derivedEventId } from '@ledgerline/contracts';
import { buildDeadLetter, prefixedTopic, type DeadLetterSink, type EventProducer, type FailureReason, type RawRecord } from '@ledgerline/messaging';
import type { RejectionLog } from '../persistence/rejection-log';
import { intakeMetrics } from '../metrics/intake-metrics';
import { sendInChunks } from './chunked-send';
import { identityOf } from './screen-transaction';

const SERVICE = 'pos-ingestion';

export class PosDeadLetterSink implements DeadLetterSink {
  private readonly topic: string;

  constructor(
    private readonly producer: EventProducer,
    private readonly rejections: RejectionLog,
    topicPrefix: string,
  ) {
    this.topic = prefixedTopic(topicPrefix, TOPICS.posTransactionsDeadLetter.name);
  }

  /** Called by the consumer for records that could not even be read (empty, not UTF-8, not JSON). */
  async send(record: RawRecord, failure: FailureReason & { attempts: number }): Promise<void> {
    await this.sendAll([{ record, failure }]);
    intakeMetrics.rejected.inc({ channel: 'kafka', code: failure.reasonCode });
    await this.rejections.record([
      {
        channel: 'kafka',
        storeId: record.key,
        transactionId: transactionIdOf(record),
        code: failure.reasonCode,
        path: failure.errors[0]?.path ?? '',
        reason: failure.reason,
      },
    ]);
  }

  /** Dead-letters records refused after reading (their rejection is recorded by the intake). */
  async sendAll(entries: ReadonlyArray<{ record: RawRecord; failure: FailureReason & { attempts: number } }>): Promise<void> {
    if (entries.length === 0) return;
    await sendInChunks(
      this.producer,
      entries.map(({ record, failure }) => {
        const deadLetter = buildDeadLetter(record, { ...failure, reason: failure.reason.slice(0, 2_000) }, SERVICE);
        const eventId = derivedEventId('dead-letter', `${record.topic}:${record.partition}:${record.offset}`);
        return {
          topic: this.topic,
          key: record.key,
          value: createEnvelope(TOPICS.posTransactionsDeadLetter, deadLetter, { producer: SERVICE, occurredAt: deadLetter.failedAt, eventId }),
          headers: { 'x-reason-code': failure.reasonCode },
        };
      }),
    );
  }
}

function transactionIdOf(record: RawRecord): string | null {
  try {
    return identityOf(JSON.parse(record.value?.toString('utf8') ?? '')).transactionId ?? null;
  } catch {
    return null;
  }
}
