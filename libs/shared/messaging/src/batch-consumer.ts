// Consumes topics a batch at a time (the NestJS transport handles one message at a time, far too
// slow for the ledger's hot path). The contract with the handler:
//   - handle(records) must be durable and idempotent: when it resolves, the effect is committed;
//     the same records handed over again (after a crash or rebalance) change nothing.
//   - offsets are committed only after handle resolved, so nothing is lost.
// Failures stop, they never discard. A record that does not decode, or that the handler refuses
// with a PermanentMessageError (a named contract or rule violation), goes to the dead-letter topic:
// the fault is the message's own. Any other failure (an outage, a revoked privilege, a timeout, a
// bug) stalls the partition: the batch is retried with backoff for as long as it takes, heartbeats
// keep the group membership, readiness says why, and no offset moves past it.
// A handler may keep each partition's position itself (storedPosition), written in the same
// transaction as what it applied: the position then belongs to its database, not to the group, and
// each partition assigned is read from there whatever the group committed.
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { JsonLogger, type ReadinessResult } from '@ledgerline/runtime';
import type { ConsumedRecord, DeadLetterSink, DecodeResult, PartitionPosition, RawRecord } from './consumed-record';
import { headerTexts } from './record-headers';
import { consumerMetrics } from './consumer-metrics';
import { AdaptiveFetchWait, defaultIdleFetchMaxWaitMs, withFetchWaitPolicy } from './fetch-wait-policy';
import { heartbeatIntervalFor } from './heartbeat-interval';
import { PartitionStalls } from './partition-stalls';
import { failureClassOf, isMessageFault, isTransientError } from './transient-error';

export interface BatchConsumerOptions<T> {
  name: string;
  kafka: Kafka;
  groupId: string;
  topics: string[];
  decode(record: RawRecord): DecodeResult<T>;
  /** `through`: the position once these records are applied (past any set aside before them or, for the last of a batch, after them). */
  handle(records: Array<ConsumedRecord<T>>, through: PartitionPosition): Promise<void>;
  deadLetters: DeadLetterSink;
  /**
   * For a handler that keeps each partition's position with what it applied (handle's `through`,
   * in the same transaction): the position it holds, undefined for none. On each assignment a
   * partition is read from there, from its beginning when none, whatever the group committed (a
   * new database behind a group that already read the topic reads it again). handle is then also
   * called with no records to move the position past records set aside at the end of a batch.
   * Needs fromBeginning (the default): a position the topic no longer holds is read from its
   * earliest record, where fromBeginning false would skip to its end.
   */
  storedPosition?: StoredPosition;
  fromBeginning?: boolean;
  /** First pause before a failed batch is tried again; it doubles up to retryMaxBackoffMs. */
  retryBackoffMs?: number;
  /** Longest pause between two tries of a stalled batch, so a partition resumes soon after its fault passes. Default 10 s. */
  retryMaxBackoffMs?: number;
  partitionsConsumedConcurrently?: number;
  maxBytesPerPartition?: number;
  /**
   * The broker answers a fetch once it holds this many bytes for the consumer or after
   * fetchMaxWaitMs, whichever comes first. Above 1 byte, a busy topic is read in fewer, larger
   * batches (each batch costs a transaction and a dozen round trips whatever its size) at the
   * price of up to fetchMaxWaitMs of latency when traffic is light. At 1 byte the broker answers
   * as soon as any record arrives, so a long wait costs no latency and an idle consumer asks once
   * per wait instead of ten times a second. Defaults: 1 byte, 1 s. These are the waits while records
   * keep coming: once a fetch comes back empty the consumer long-polls (idleFetchMaxWaitMs).
   */
  fetchMinBytes?: number;
  fetchMaxWaitMs?: number;
  /**
   * The longest the broker holds a fetch after one came back empty; it answers on the first record,
   * so this costs no latency, and an idle consumer asks once per wait. A stop ends the poll in
   * flight; heartbeats go out between fetches, so it stays short of the session timeout. Default
   * 5 s, shorter for a short session (defaultIdleFetchMaxWaitMs).
   */
  idleFetchMaxWaitMs?: number;
  /**
   * How long the broker waits for a silent member before giving its partitions to others: the
   * pause after a crashed instance (kill -9, lost host) before the rest take over. Default 30 s.
   */
  sessionTimeoutMs?: number;
  /** Called when kafkajs gives up restarting; the service should exit non-zero. */
  onFatal?(error: Error): void;
}

type ConsumerState = 'stopped' | 'starting' | 'running' | 'failing' | 'crashed';
type BatchControl = Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale'>;
type StoredPosition = (topic: string, partition: number) => Promise<string | undefined>;

/**
 * How often a waiting batch asks kafkajs to heartbeat (kafkajs sends one when asked at least
 * heartbeatIntervalFor(...) after its last). Not above the interval: kafkajs skips a
 * request made a moment before the interval is up, and asking only every interval would then
 * send one every two intervals, which a short session timeout does not survive.
 */
const HEARTBEAT_ASK_MS = 1_000;

/**
 * How long a start keeps asking to subscribe while the broker answers with a retriable error. In
 * a cluster, a broker that has not yet learned of a topic created a moment ago (by this service or
 * another starting beside it) answers "does not host this topic-partition" although the topic
 * exists; kafkajs gives up on that at once, and the service would exit on a passing condition.
 */
const SUBSCRIBE_RETRY_MS = 30_000;
const SUBSCRIBE_FIRST_PAUSE_MS = 100;
const SUBSCRIBE_LONGEST_PAUSE_MS = 2_000;

export class BatchConsumer<T> {
  private readonly logger: JsonLogger;
  private readonly consumer: Consumer;
  private state: ConsumerState = 'stopped';
  private lastError: string | undefined;
  private readonly lagByPartition = new Map<string, number>();
  private readonly stalls: PartitionStalls;
  private stopping = false;
  private readonly wakeSleepers = new Set<() => void>();
  /** Counts the group's assignments; a partition sought to its stored position is marked with the assignment it was sought in. */
  private assignment = 0;
  private readonly positionedIn = new Map<string, number>();

  constructor(private readonly options: BatchConsumerOptions<T>) {
    this.logger = new JsonLogger(`BatchConsumer:${options.name}`);
    this.stalls = new PartitionStalls(options.name);
    const busyMinBytes = options.fetchMinBytes ?? 1;
    const busyMaxWaitMs = options.fetchMaxWaitMs ?? 1_000;
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    const idleMaxWaitMs = options.idleFetchMaxWaitMs ?? defaultIdleFetchMaxWaitMs(sessionTimeout);
    this.consumer = options.kafka.consumer(
      withFetchWaitPolicy(
        {
          groupId: options.groupId,
          minBytes: busyMinBytes,
          maxWaitTimeInMs: busyMaxWaitMs,
          maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
          sessionTimeout,
          heartbeatInterval: heartbeatIntervalFor(sessionTimeout, Math.max(busyMaxWaitMs, idleMaxWaitMs)),
          retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 10_000 },
        },
        new AdaptiveFetchWait({ busyMinBytes, busyMaxWaitMs, idleMaxWaitMs }),
      ),
    );
    const { GROUP_JOIN, CRASH, STOP } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      this.state = 'running';
      this.assignment++;
      this.logger.info('joined consumer group', { groupId: options.groupId, memberAssignment: payload.memberAssignment });
      if (options.storedPosition) void this.readFromStoredPositions(options.storedPosition, payload.memberAssignment, this.assignment);
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
    this.stopping = false;
    await this.consumer.connect();
    await this.subscribeUntilTheBrokerKnowsTheTopics();
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
  }

  private async subscribeUntilTheBrokerKnowsTheTopics(): Promise<void> {
    const deadline = Date.now() + SUBSCRIBE_RETRY_MS;
    for (let pause = SUBSCRIBE_FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, SUBSCRIBE_LONGEST_PAUSE_MS)) {
      try {
        await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
        return;
      } catch (error) {
        // Only what the broker itself calls retriable; a refused privilege or a bad topic name fails the start.
        if ((error as { retriable?: unknown }).retriable !== true || this.stopping || Date.now() + pause > deadline) throw error;
        this.lastError = (error as Error).message;
        this.logger.warn('subscription refused for now, asking again', { topics: this.options.topics, error: this.lastError, pauseMs: pause });
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  /** Ends a stalled batch's wait at once (its offsets stay where they are), then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakeSleepers) wake();
    await this.consumer.disconnect();
    this.stalls.clearAll();
    this.state = 'stopped';
  }

  /** True while connecting and joining the group for the first time (not a failure). */
  private isJoining(): boolean {
    return this.state === 'starting';
  }

  /**
   * `readyWhileJoining`: joining the group after a restart can take a session timeout (a crashed
   * member's partitions are handed over only when its session expires), which is no reason for a
   * service whose other work goes on (HTTP tills, an archive) to read as not ready.
   */
  readiness({ readyWhileJoining = false } = {}): ReadinessResult {
    if (readyWhileJoining && this.isJoining()) return { ready: true, detail: `joining the consumer group of ${this.options.topics.join(', ')}` };
    const stalled = this.stalls.describe();
    if (stalled !== undefined) return { ready: false, detail: stalled };
    if (this.state === 'running') return { ready: true };
    return { ready: false, detail: this.lastError ? `${this.state}: ${this.lastError}` : this.state };
  }

  /** Partitions whose batch is waiting to be tried again (see readiness for why). */
  stalledPartitions(): number {
    return this.stalls.count();
  }

  /** Sum of the last known lag of every partition this instance consumed. */
  totalLag(): number {
    let total = 0;
    for (const lag of this.lagByPartition.values()) total += lag;
    return total;
  }

  private async consumeBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0) return;
    const partition = `${batch.topic}:${batch.partition}`;
    // Fetched before its partition was sought to its stored position: fetched again from there.
    if (this.options.storedPosition !== undefined && this.positionedIn.get(partition) !== this.assignment) return;
    const stopTimer = consumerMetrics.batchSeconds.startTimer({ consumer: this.options.name });
    const raws = batch.messages.map((message) => toRawRecord(batch.topic, batch.partition, message));
    const decoded: Array<ConsumedRecord<T>> = [];
    const undecodable: Array<{ raw: RawRecord; failure: Extract<DecodeResult<T>, { ok: false }> }> = [];
    for (const raw of raws) {
      const result = this.options.decode(raw);
      if (result.ok) decoded.push({ ...raw, value: result.value });
      else undecodable.push({ raw, failure: result });
    }
    for (const { raw, failure } of undecodable) {
      await this.deadLetter(raw, { reasonCode: failure.reasonCode, reason: failure.reason, errors: failure.errors, attempts: 1 });
    }

    const lastOffset = batch.lastOffset();
    const batchEnd = { topic: batch.topic, partition: batch.partition, nextOffset: (BigInt(lastOffset) + 1n).toString() };
    const completed = await this.applyUntilDone(partition, decoded, batchEnd, { heartbeat, isRunning, isStale });
    if (!completed) return;

    resolveOffset(lastOffset);
    try {
      await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: batchEnd.nextOffset }]);
    } catch (error) {
      throw groupMembershipLost(error) ?? error;
    }
    const lag = Number(batch.offsetLag());
    this.lagByPartition.set(partition, lag);
    consumerMetrics.lag.set({ consumer: this.options.name, topic: batch.topic, partition: String(batch.partition) }, lag);
    consumerMetrics.consumed.inc({ consumer: this.options.name, topic: batch.topic }, raws.length);
    this.state = 'running';
    this.lastError = undefined;
    stopTimer();
  }

  /**
   * Each partition of an assignment is read from the position the handler stored: paused at once
   * (before the first fetch of the assignment), sought there (offset 0 for none: before the
   * beginning, which the broker answers from the earliest record), then resumed. A failure to read
   * the positions leaves the partitions paused and is retried, readiness saying why, until it
   * passes or the assignment changes.
   */
  private async readFromStoredPositions(storedPosition: StoredPosition, memberAssignment: Record<string, number[]>, assignment: number): Promise<void> {
    const topicPartitions = Object.entries(memberAssignment).map(([topic, partitions]) => ({ topic, partitions }));
    if (topicPartitions.every(({ partitions }) => partitions.length === 0)) return;
    this.consumer.pause(topicPartitions);
    const stall = `${this.options.topics.join(', ')}: stored positions`;
    for (let attempt = 1; ; attempt++) {
      if (this.stopping || this.assignment !== assignment) return;
      try {
        const positions = await Promise.all(
          topicPartitions.flatMap(({ topic, partitions }) => partitions.map(async (partition) => ({ topic, partition, offset: (await storedPosition(topic, partition)) ?? '0' }))),
        );
        if (this.stopping || this.assignment !== assignment) return;
        for (const position of positions) {
          this.consumer.seek(position);
          this.positionedIn.set(`${position.topic}:${position.partition}`, assignment);
        }
        this.consumer.resume(topicPartitions);
        this.stalls.clear(stall);
        this.logger.info('reading from the positions the handler stored', { positions });
        return;
      } catch (error) {
        this.recordStall(stall, error, attempt, 0);
        await this.sleep(this.backoff(attempt));
      }
    }
  }

  /**
   * Applies the records in order and resolves true once each was applied or, refused for its own
   * fault, set aside; false when the batch was abandoned unapplied (stopping, or the partition
   * moved to another member). A refused group is halved until the refused record stands alone, so
   * one poison in a backlog's batch of thousands costs a few dozen calls, not one per record, and
   * every call is preceded by a heartbeat. Any other failure retries the same records until it
   * passes. `through` is the position once they are applied, for a handler that keeps it (which
   * is then called even with no records, so set-aside records move it too).
   */
  private async applyUntilDone(partition: string, records: Array<ConsumedRecord<T>>, through: PartitionPosition, control: BatchControl): Promise<boolean> {
    const keepsPosition = this.options.storedPosition !== undefined;
    if (records.length === 0 && !keepsPosition) return true;
    for (let attempt = 1; ; attempt++) {
      if (this.stopping || !control.isRunning() || control.isStale()) return false;
      await control.heartbeat();
      try {
        await this.handleWithHeartbeats(records, through, control);
        this.stalls.clear(partition);
        return true;
      } catch (error) {
        if (isMessageFault(error) && records.length > 0) {
          const [only] = records;
          if (records.length === 1 && only) {
            await this.deadLetterRefused(only, error, attempt);
            this.stalls.clear(partition);
            return keepsPosition ? this.applyUntilDone(partition, [], through, control) : true;
          }
          const middle = Math.ceil(records.length / 2);
          const firstHalf = records.slice(0, middle);
          const secondHalf = records.slice(middle);
          const firstHalfThrough = { ...through, nextOffset: secondHalf[0]?.offset ?? through.nextOffset };
          return (await this.applyUntilDone(partition, firstHalf, firstHalfThrough, control)) && this.applyUntilDone(partition, secondHalf, through, control);
        }
        this.recordStall(partition, error, attempt, records.length);
        if (!(await this.waitBeforeRetry(attempt, control))) return false;
      }
    }
  }

  /**
   * kafkajs sends heartbeats only when asked, and a handler may wait long on a database that stopped
   * answering (until its client-side query bound): heartbeats go on meanwhile, so a slow or stuck
   * call costs no group membership. A failed heartbeat (a rebalance) is left to kafkajs: the
   * handler's answer still counts, and the offset commit after it finds out.
   */
  private async handleWithHeartbeats(records: Array<ConsumedRecord<T>>, through: PartitionPosition, control: BatchControl): Promise<void> {
    const beat = setInterval(() => void control.heartbeat().catch(() => undefined), HEARTBEAT_ASK_MS);
    try {
      await this.options.handle(records, through);
    } finally {
      clearInterval(beat);
    }
  }

  /**
   * Sleeps the backoff in slices, heartbeating between them so the group keeps this member and
   * its partitions. False when the batch must be abandoned instead: the consumer is stopping or
   * no longer owns the partition. A heartbeat that fails because the group is rebalancing throws,
   * which hands the batch back to kafkajs unapplied and uncommitted.
   */
  private async waitBeforeRetry(attempt: number, control: BatchControl): Promise<boolean> {
    const until = Date.now() + this.backoff(attempt);
    for (;;) {
      if (this.stopping || !control.isRunning() || control.isStale()) return false;
      const left = until - Date.now();
      if (left <= 0) return true;
      await this.sleep(Math.min(left, HEARTBEAT_ASK_MS));
      if (this.stopping || !control.isRunning() || control.isStale()) return false;
      await control.heartbeat();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeSleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeSleepers.add(wake);
    });
  }

  private async deadLetterRefused(record: ConsumedRecord<T>, error: { code: string; message: string; details: Array<{ path: string; message: string }> }, attempts: number): Promise<void> {
    await this.deadLetter(
      { ...record, value: Buffer.from(JSON.stringify(record.value)) },
      { reasonCode: error.code, reason: error.message, errors: error.details, attempts },
    );
  }

  private async deadLetter(raw: RawRecord, failure: Parameters<DeadLetterSink['send']>[1]): Promise<void> {
    this.logger.warn('dead-lettering record', { topic: raw.topic, partition: raw.partition, offset: raw.offset, reasonCode: failure.reasonCode, reason: failure.reason });
    await this.options.deadLetters.send(raw, failure);
    consumerMetrics.deadLetters.inc({ consumer: this.options.name, reason_code: failure.reasonCode });
  }

  private recordStall(partition: string, error: unknown, attempt: number, records: number): void {
    this.state = 'failing';
    this.lastError = error instanceof Error ? error.message : String(error);
    const failureClass = failureClassOf(error);
    this.stalls.record(partition, failureClass, this.lastError);
    consumerMetrics.errors.inc({ consumer: this.options.name, failure: failureClass });
    const fields = { partition, attempt, records, error: this.lastError, failure: failureClass, transient: isTransientError(error) };
    // The first failures are routine (a deadlock, a restart); one that persists is an incident.
    if (attempt >= 3) this.logger.error('partition stalled: retrying until the failure passes', fields);
    else this.logger.warn('processing failed; retrying', fields);
  }

  private backoff(attempt: number): number {
    const base = this.options.retryBackoffMs ?? 200;
    return Math.min(base * 2 ** Math.min(attempt - 1, 20), this.options.retryMaxBackoffMs ?? 10_000);
  }
}

function toRawRecord(topic: string, partition: number, message: KafkaMessage): RawRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: headerTexts(message.headers),
    timestamp: message.timestamp,
  };
}

const MEMBERSHIP_LOST = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS']);

/**
 * The broker's own answer when a commit was refused because this member is no longer in the group
 * as it was (its session expired while the broker was unreachable or frozen, or the group moved on).
 * kafkajs wraps the refusal of a commit in an error of its own that it treats as fatal, yet it
 * rejoins the group when it meets the bare answer; the records applied stay uncommitted and come
 * again to whoever owns the partition next, which the handler's idempotence makes harmless.
 */
export function groupMembershipLost(error: unknown): Error | undefined {
  for (let cause: unknown = error; cause instanceof Error; cause = (cause as { cause?: unknown }).cause) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string' && MEMBERSHIP_LOST.has(type)) return cause;
  }
  return undefined;
}
