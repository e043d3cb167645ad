// The Kafka front door: consumes pos.transactions.raw.v1 in batches and takes each record through
// the same intake as HTTP. The topic is trusted (its ACLs admit only POS systems), so there is no
// credential, but the store must be registered. Records that are not JSON, break the contract or
// the rules, name an unknown store or reuse an id for other content go to the dead-letter topic
// with the reason; duplicates are dropped. Offsets are committed after the batch was recorded,
// published and dead-lettered, and a redelivered batch only finds duplicates.
import { TOPICS } from '@ledgerline/contracts';
import { BatchConsumer, prefixedTopic, type ConsumedRecord, type DecodeResult, type RawRecord } from '@ledgerline/messaging';
import type { Kafka } from 'kafkajs';
import { JsonLogger, duplicateKeyPath, findDuplicateKey, type ReadinessResult } from '@ledgerline/runtime';
import type { IntakeOutcome } from './intake-outcome';
import type { PosDeadLetterSink } from './pos-dead-letter-sink';
import type { TransactionIntake } from './transaction-intake';

export interface KafkaIntakeOptions {
  kafka: Kafka;
  groupId: string;
  topicPrefix: string;
  sessionTimeoutMs?: number;
  onFatal(error: Error): void;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A raw record read as JSON, with its bytes kept for a dead letter. */
export class ReadRecord {
  constructor(
    readonly parsed: unknown,
    readonly bytes: Buffer,
  ) {}

  /** The consumer serialises a record it gives up on; that should read as what the till sent. */
  toJSON(): unknown {
    return this.parsed;
  }
}

export class KafkaIntake {
  private readonly logger = new JsonLogger('KafkaIntake');
  private readonly consumer: BatchConsumer<ReadRecord>;

  constructor(
    private readonly intake: TransactionIntake,
    private readonly deadLetters: PosDeadLetterSink,
    options: KafkaIntakeOptions,
  ) {
    this.consumer = new BatchConsumer<ReadRecord>({
      name: 'pos-raw-intake',
      kafka: options.kafka,
      groupId: options.groupId,
      topics: [prefixedTopic(options.topicPrefix, TOPICS.posTransactionsRaw.name)],
      decode: readJson,
      handle: (records) => this.takeIn(records),
      deadLetters,
      sessionTimeoutMs: options.sessionTimeoutMs,
      onFatal: options.onFatal,
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** Joining the raw topic's group is no reason to turn HTTP tills away; failing or crashed is. */
  readiness(): ReadinessResult {
    return this.consumer.readiness({ readyWhileJoining: true });
  }

  lag(): number {
    return this.consumer.totalLag();
  }

  private async takeIn(records: Array<ConsumedRecord<ReadRecord>>): Promise<void> {
    const outcomes = await this.intake.submit(records.map((record) => record.value.parsed), { channel: 'kafka' });
    const refused = records.flatMap((record, index) => {
      const outcome = outcomes[index];
      if (outcome?.status !== 'rejected' && outcome?.status !== 'conflict') return [];
      return [{ record: originalOf(record), failure: failureOf(outcome) }];
    });
    await this.deadLetters.sendAll(refused);
    if (refused.length > 0) this.logger.warn('dead-lettered POS records', { count: refused.length, partition: records[0]?.partition });
  }
}

/** Only the bytes are read here; the contract is checked by the intake, as for HTTP. */
export function readJson(record: RawRecord): DecodeResult<ReadRecord> {
  if (record.value === null || record.value.length === 0) {
    return { ok: false, reasonCode: 'INTAKE.EMPTY_RECORD', reason: 'The record has no value', errors: [] };
  }
  let text: string;
  try {
    text = strictUtf8.decode(record.value);
  } catch {
    return { ok: false, reasonCode: 'INTAKE.INVALID_ENCODING', reason: 'The record value is not valid UTF-8', errors: [] };
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    // As on HTTP: a key given twice would be read last-wins here and first-wins by someone else.
    const duplicate = findDuplicateKey(text);
    if (duplicate !== null) {
      const path = duplicateKeyPath(duplicate);
      return { ok: false, reasonCode: 'INTAKE.DUPLICATE_KEY', reason: `The record value gives the key ${path} more than once`, errors: [{ path, message: 'is given more than once' }] };
    }
    return { ok: true, value: new ReadRecord(parsed, record.value) };
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message}` : '';
    return { ok: false, reasonCode: 'INTAKE.MALFORMED_JSON', reason: `The record value is not valid JSON${detail}`, errors: [] };
  }
}

function originalOf(record: ConsumedRecord<ReadRecord>): RawRecord {
  const { value, ...position } = record;
  return { ...position, value: value.bytes };
}

function failureOf(outcome: Extract<IntakeOutcome, { status: 'rejected' | 'conflict' }>) {
  const code = outcome.errors[0]?.code ?? 'INTAKE.REJECTED';
  return {
    reasonCode: code,
    reason: outcome.errors.map((error) => error.message).join('; '),
    errors: outcome.errors.map(({ path, message }) => ({ path, message })),
    attempts: 1,
  };
}
