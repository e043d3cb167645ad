// An ERP-like reader of inventory.stock-changed.v1: notes when each movement's event arrives and,
// matched by movement id with the time pos-ingestion accepted the line, the latency in between,
// split into where it was spent: waiting to be applied (the event's appliedAt, taken when the
// ledger starts the batch's transaction), then until the relay sent it (the record's timestamp,
// set when the producer built it), then until this consumer saw it. All three clocks are this
// machine's.
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';

const STOCK_CHANGED_PREFIX = 'stock-changed:';
const APPLIED_AT_FIELD = Buffer.from('"appliedAt":"');
/** An ISO timestamp as the ledger writes it (`2025-03-01T09:30:00.412Z`), with room to spare. */
const MAX_TIMESTAMP_LENGTH = 40;

/** Milliseconds a line spent in each stage between the HTTP answer and the ERP. */
export interface LatencyStages {
  /** HTTP answer -> the ledger applying it: the movements topic and the ledger's consumer. */
  untilApplied: number[];
  /** The ledger applying it -> the relay sending its event: the transaction, the outbox and the relay. */
  untilSent: number[];
  /** Sent -> seen by the ERP: the broker and the ERP's own fetch. */
  untilSeen: number[];
}

export class ErpListener {
  private consumer: Consumer | undefined;
  private readonly acceptedAt = new Map<string, number>();
  private readonly seenBeforeAccepted = new Map<string, number>();
  private latencies: number[] = [];
  private stages: LatencyStages = emptyStages();
  seen = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly groupId: string,
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 20, maxBytesPerPartition: 4 * 1_048_576 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: false });
    let joined: () => void = () => undefined;
    const hasJoined = new Promise<void>((resolve) => (joined = resolve));
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => joined());
    await this.consumer.run({
      partitionsConsumedConcurrently: 8,
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const message of batch.messages) {
          // The relay puts the event id in a header, so the value need not be parsed.
          const eventId = message.headers?.['x-event-id']?.toString() ?? '';
          if (!eventId.startsWith(STOCK_CHANGED_PREFIX)) continue;
          this.observe(eventId.slice(STOCK_CHANGED_PREFIX.length), now, message);
        }
      },
    });
    await hasJoined;
  }

  /** pos-ingestion answered that these movements' lines are accepted. */
  accepted(movementIds: readonly string[], at: number): void {
    for (const movementId of movementIds) {
      const seenAt = this.seenBeforeAccepted.get(movementId);
      if (seenAt === undefined) {
        this.acceptedAt.set(movementId, at);
      } else {
        this.seenBeforeAccepted.delete(movementId);
        this.latencies.push(0);
      }
    }
  }

  get outstanding(): number {
    return this.acceptedAt.size;
  }

  /** Latencies (ms) recorded since the last call. */
  takeLatencies(): number[] {
    const taken = this.latencies;
    this.latencies = [];
    return taken;
  }

  /** Latency stages of the lines whose latency was recorded since the last call. */
  takeStages(): LatencyStages {
    const taken = this.stages;
    this.stages = emptyStages();
    return taken;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private observe(movementId: string, now: number, message: KafkaMessage): void {
    this.seen++;
    const acceptedAt = this.acceptedAt.get(movementId);
    if (acceptedAt === undefined) {
      this.seenBeforeAccepted.set(movementId, now);
      return;
    }
    this.acceptedAt.delete(movementId);
    this.latencies.push(now - acceptedAt);
    const appliedAt = appliedAtOf(message.value);
    const sentAt = Number(message.timestamp);
    if (Number.isFinite(appliedAt) && Number.isFinite(sentAt)) {
      this.stages.untilApplied.push(appliedAt - acceptedAt);
      this.stages.untilSent.push(sentAt - appliedAt);
      this.stages.untilSeen.push(now - sentAt);
    }
  }
}

function emptyStages(): LatencyStages {
  return { untilApplied: [], untilSent: [], untilSeen: [] };
}

/**
 * The event's appliedAt in epoch ms, found in the bytes without decoding or parsing the event (the
 * listener shares the machine it measures); NaN without one.
 */
export function appliedAtOf(value: Buffer | null): number {
  if (value === null) return Number.NaN;
  const start = value.indexOf(APPLIED_AT_FIELD);
  if (start < 0) return Number.NaN;
  const from = start + APPLIED_AT_FIELD.length;
  const end = value.indexOf(0x22, from); // the closing quote
  if (end < 0 || end - from > MAX_TIMESTAMP_LENGTH) return Number.NaN;
  return Date.parse(value.toString('latin1', from, end));
}
