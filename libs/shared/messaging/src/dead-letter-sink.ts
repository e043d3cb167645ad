// Sets a record aside on a dead-letter topic with the original bytes, headers, position and the
// reason, so an operator can see why and replay it after a fix. Dead letters travel in the
// standard envelope like every platform event (contract: platform.dead-letter v1), with an event
// id derived from the original's position, so a redelivered failure de-duplicates.
import { TOPICS, createEnvelope, derivedEventId } from '@ledgerline/contracts';
import type { DeadLetterSink, FailureReason, RawRecord } from './consumed-record';
import type { EventProducer } from './event-producer';

export interface DeadLetter extends FailureReason {
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  originalKey: string | null;
  originalValue: string;
  originalValueEncoding: 'utf8' | 'base64';
  originalHeaders: Record<string, string>;
  failedAt: string;
  attempts: number;
  service: string;
}

export function buildDeadLetter(record: RawRecord, failure: FailureReason & { attempts: number }, service: string, now = new Date()): DeadLetter {
  const bytes = record.value ?? Buffer.alloc(0);
  const text = bytes.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(bytes);
  return {
    originalTopic: record.topic,
    originalPartition: record.partition,
    originalOffset: record.offset,
    originalKey: record.key,
    originalValue: isText ? text : bytes.toString('base64'),
    originalValueEncoding: isText ? 'utf8' : 'base64',
    originalHeaders: record.headers,
    reasonCode: failure.reasonCode,
    reason: failure.reason,
    errors: failure.errors,
    failedAt: now.toISOString(),
    attempts: failure.attempts,
    service,
  };
}

export class KafkaDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly producer: EventProducer,
    private readonly deadLetterTopicFor: (originalTopic: string) => string,
    private readonly service: string,
    /** Lets the owning service also keep the dead letter (e.g. for its dashboard). */
    private readonly onDeadLetter?: (deadLetter: DeadLetter) => void,
  ) {}

  async send(record: RawRecord, failure: FailureReason & { attempts: number }): Promise<void> {
    const deadLetter = buildDeadLetter(record, { ...failure, reason: failure.reason.slice(0, 2_000) }, this.service);
    const eventId = derivedEventId('dead-letter', `${record.topic}:${record.partition}:${record.offset}`);
    await this.producer.send([
      {
        topic: this.deadLetterTopicFor(record.topic),
        key: record.key,
        // Every dead-letter topic shares one envelope contract; the movements' one names it.
        value: createEnvelope(TOPICS.inventoryMovementsDeadLetter, deadLetter, { producer: this.service, occurredAt: deadLetter.failedAt, eventId }),
        headers: { 'x-reason-code': failure.reasonCode },
      },
    ]);
    this.onDeadLetter?.(deadLetter);
  }
}
