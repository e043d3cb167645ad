// Consumes topics a batch at a time (the NestJS transport handles one message at a time, far too
// slow for the ledger's hot path). The contract with the handler:
//   - handle(records) must be durable and idempotent: when it resolves, the effect is committed;
//     the same records handed over again (after a crash or rebalance) change nothing.
//   - offsets are committed only after handle resolved, so nothing is lost.
// Failures: records that do not decode go to the dead-letter topic at once. A failing batch is
// retried with backoff; an outage (database or broker down) is rethrown so kafkajs restarts the
// consumer from the last committed offset; otherwise each record is tried alone and one that
// still fails is dead-lettered, so one poison message does not stop its partition.
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { JsonLogger, type ReadinessResult } from '@ledgerline/runtime';
import type { ConsumedRecord, DeadLetterSink, DecodeResult, RawRecord } from './consumed-record';
import { consumerMetrics } from './consumer-metrics';
import { isTransientError } from './transient-error';

export interface BatchConsumerOptions<T> {
  name: string;
  kafka: Kafka;
  groupId: string;
  topics: string[];
  decode(record: RawRecord): DecodeResult<T>;
  handle(records: Array<ConsumedRecord<T>>): Promise<void>;
  deadLetters: DeadLetterSink;
  fromBeginning?: boolean;
  maxBatchAttempts?: number;
  maxMessageAttempts?: number;
  retryBackoffMs?: number;
  partitionsConsumedConcurrently?: number;
  maxBytesPerPartition?: number;
  /**
   * The broker answers a fetch once it holds this many bytes for the consumer or after
   * fetchMaxWaitMs, whichever comes first. Above 1 byte, a busy topic is read in fewer, larger
   * batches (each batch costs a transaction and a dozen round trips whatever its size) at the
   * price of up to fetchMaxWaitMs of latency when traffic is light. Defaults: 1 byte, 100 ms.
   */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
  /**
   * How long the broker waits for a silent member before giving its partitions to others: the
   * pause after a crashed instance (kill -9, lost host) before the rest take over. Default 30 s.
   */
  sessionTimeoutMs?: number;
  /** Called when kafkajs gives up restarting; the service should exit non-zero. */
  onFatal?(error: Error): void;
}

type ConsumerState = 'stopped' | 'starting' | 'running' | 'failing' | 'crashed';

export class BatchConsumer<T> {
  private readonly logger: JsonLogger;
  private readonly consumer: Consumer;
  private state: ConsumerState = 'stopped';
  private lastError: string | undefined;
  private readonly lagByPartition = new Map<string, number>();

  constructor(private readonly options: BatchConsumerOptions<T>) {
    this.logger = new JsonLogger(`BatchConsumer:${options.name}`);
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      minBytes: options.fetchMinBytes ?? 1,
      maxWaitTimeInMs: options.fetchMaxWaitMs ?? 100,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3_000,
      retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 10_000 },
    });
    const { GROUP_JOIN, CRASH, STOP } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      this.state = 'running';
      this.logger.info('joined consumer group', { groupId: options.groupId, memberAssignment: payload.memberAssignment });
    });
    this.consumer.on(CRASH, ({ payload }) => {
      this.state = payload.restart ? 'failing' : 'crashed';
      this.lastError = payload.error.message;
      this.logger.error('consumer crashed', { error: payload.error, restart: payload.restart });
      if (!payload.restart) options.onFatal?.(payload.error);
    });
    this.consumer.on(STOP, () => (this.state = 'stopped'));
  }

  async start(): Promise<void> {
    this.state = 'starting';
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    this.state = 'stopped';
  }

  /** True while connecting and joining the group for the first time (not a failure). */
  isJoining(): boolean {
    return this.state === 'starting';
  }

  readiness(): ReadinessResult {
    if (this.state === 'running') return { ready: true };
    return { ready: false, detail: this.lastError ? `${this.state}: ${this.lastError}` : this.state };
  }

  /** Sum of the last known lag of every partition this instance consumed. */
  totalLag(): number {
    let total = 0;
    for (const lag of this.lagByPartition.values()) total += lag;
    return total;
  }

  private async consumeBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0) return;
    const stopTimer = consumerMetrics.batchSeconds.startTimer({ consumer: this.options.name });
    const raws = batch.messages.map((message) => toRawRecord(batch.topic, batch.partition, message));
    const decoded: Array<ConsumedRecord<T>> = [];
    for (const raw of raws) {
      const result = this.options.decode(raw);
      if (result.ok) decoded.push({ ...raw, value: result.value });
      else await this.deadLetter(raw, { reasonCode: result.reasonCode, reason: result.reason, errors: result.errors, attempts: 1 });
    }

    const completed = await this.handleWithRetries(decoded, { heartbeat, isRunning, isStale });
    if (!completed) return;

    const lastOffset = batch.lastOffset();
    resolveOffset(lastOffset);
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(lastOffset) + 1n).toString() }]);
    const lag = Number(batch.offsetLag());
    this.lagByPartition.set(`${batch.topic}:${batch.partition}`, lag);
    consumerMetrics.lag.set({ consumer: this.options.name, topic: batch.topic, partition: String(batch.partition) }, lag);
    consumerMetrics.consumed.inc({ consumer: this.options.name, topic: batch.topic }, raws.length);
    this.state = 'running';
    this.lastError = undefined;
    stopTimer();
  }

  /** Resolves true when every record was applied or set aside; false when the batch was abandoned for a rebalance. */
  private async handleWithRetries(
    records: Array<ConsumedRecord<T>>,
    control: Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale'>,
  ): Promise<boolean> {
    if (records.length === 0) return true;
    const maxBatchAttempts = this.options.maxBatchAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handle(records);
        return true;
      } catch (error) {
        this.recordFailure(error, { attempt, records: records.length, partition: records[0]?.partition });
        if (!control.isRunning() || control.isStale()) return false;
        if (attempt >= maxBatchAttempts) {
          if (isTransientError(error)) throw error;
          break;
        }
        await control.heartbeat();
        await sleep(this.backoff(attempt));
      }
    }
    return this.handleOneByOne(records, control);
  }

  private async handleOneByOne(
    records: Array<ConsumedRecord<T>>,
    control: Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale'>,
  ): Promise<boolean> {
    const maxMessageAttempts = this.options.maxMessageAttempts ?? 2;
    for (const record of records) {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.options.handle([record]);
          break;
        } catch (error) {
          this.recordFailure(error, { attempt, offset: record.offset, partition: record.partition });
          if (isTransientError(error)) throw error;
          if (!control.isRunning() || control.isStale()) return false;
          if (attempt >= maxMessageAttempts) {
            const details = (error as { details?: Array<{ path: string; message: string }> }).details ?? [];
            await this.deadLetter(
              { ...record, value: Buffer.from(JSON.stringify(record.value)) },
              {
                reasonCode: (error as { code?: string }).code ?? 'CONSUMER.PROCESSING_FAILED',
                reason: error instanceof Error ? error.message : String(error),
                errors: details,
                attempts: attempt,
              },
            );
            break;
          }
          await control.heartbeat();
          await sleep(this.backoff(attempt));
        }
      }
    }
    return true;
  }

  private async deadLetter(raw: RawRecord, failure: Parameters<DeadLetterSink['send']>[1]): Promise<void> {
    this.logger.warn('dead-lettering record', { topic: raw.topic, partition: raw.partition, offset: raw.offset, reasonCode: failure.reasonCode, reason: failure.reason });
    await this.options.deadLetters.send(raw, failure);
    consumerMetrics.deadLetters.inc({ consumer: this.options.name, reason_code: failure.reasonCode });
  }

  private recordFailure(error: unknown, fields: Record<string, unknown>): void {
    this.state = 'failing';
    this.lastError = error instanceof Error ? error.message : String(error);
    consumerMetrics.errors.inc({ consumer: this.options.name });
    this.logger.warn('processing failed', { ...fields, error: this.lastError, transient: isTransientError(error) });
  }

  private backoff(attempt: number): number {
    const base = this.options.retryBackoffMs ?? 200;
    return Math.min(base * 2 ** (attempt - 1), 5_000);
  }
}

function toRawRecord(topic: string, partition: number, message: KafkaMessage): RawRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, value ? value.toString() : ''])),
    timestamp: message.timestamp,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
