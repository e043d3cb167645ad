// An ERP-like reader of inventory.stock-changed.v1: notes when each movement's event arrives and,
// matched by movement id with the time pos-ingestion accepted the line, the latency in between.
import type { Consumer, Kafka } from 'kafkajs';

const STOCK_CHANGED_PREFIX = 'stock-changed:';

export class ErpListener {
  private consumer: Consumer | undefined;
  private readonly acceptedAt = new Map<string, number>();
  private readonly seenBeforeAccepted = new Map<string, number>();
  private latencies: number[] = [];
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
          this.observe(eventId.slice(STOCK_CHANGED_PREFIX.length), now);
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

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private observe(movementId: string, now: number): void {
    this.seen++;
    const acceptedAt = this.acceptedAt.get(movementId);
    if (acceptedAt === undefined) {
      this.seenBeforeAccepted.set(movementId, now);
      return;
    }
    this.acceptedAt.delete(movementId);
    this.latencies.push(now - acceptedAt);
  }
}
