// Publishes JSON events with the idempotent producer and waits for all in-sync replicas, so a
// send that resolved is durable. Records for several topics go out in one request, up to a size
// the broker accepts: kafkajs puts all records of one partition in one record batch, and the
// broker refuses a batch above message.max.bytes (1 MiB by default), so a large send (an outbox
// backlog whose events all share a partition) goes out as several requests, one after another,
// in order.
//
// A broker that crashed can come back without the idempotence state of this producer (its last
// sequence number for the producer id): every later send is then refused as out of order, for
// ever, since retrying keeps the same producer id. Such a refusal replaces the kafkajs producer,
// so the next send starts a new producer id; the failed send is the caller's to retry, and a
// record it repeats carries the same event id, which consumers de-duplicate.
import type { Kafka, Producer, RecordMetadata } from 'kafkajs';
import { metricsRegistry } from '@ledgerline/runtime';
import { Counter } from 'prom-client';
import { jsonTextOf } from './deferred-json';
import { keyHashPartitioner } from './key-hash-partitioner';

export interface OutgoingRecord {
  topic: string;
  key: string | null;
  /** JSON text, a buffer of it, a DeferredJson, or a value to stringify. */
  value: unknown;
  headers?: Record<string, string>;
}

const eventsPublished = new Counter({
  name: 'ledgerline_events_published_total',
  help: 'Events written to Kafka, by topic',
  labelNames: ['topic'],
  registers: [metricsRegistry],
});

/** Below the broker's default message.max.bytes (1,048,588), leaving room for record overhead. */
export const DEFAULT_MAX_REQUEST_BYTES = 900_000;

interface PreparedMessage {
  key: string | null;
  value: string;
  headers?: Record<string, string>;
}

/** Broker answers meaning the broker no longer knows this producer's sequence state. */
const PRODUCER_STATE_LOST = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

export function isProducerStateLost(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause !== undefined && cause !== null && depth < 5; depth++) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string' && PRODUCER_STATE_LOST.has(type)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

export class EventProducer {
  private producer: Producer;
  private connected = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES,
  ) {
    this.producer = this.createProducer();
  }

  private createProducer(): Producer {
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: keyHashPartitioner });
    producer.on(producer.events.DISCONNECT, () => {
      if (producer === this.producer) this.connected = false;
    });
    return producer;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async send(records: OutgoingRecord[]): Promise<RecordMetadata[]> {
    if (records.length === 0) return [];
    const results: RecordMetadata[] = [];
    for (const chunk of chunksBySize(records, this.maxRequestBytes)) results.push(...(await this.sendChunk(chunk)));
    return results;
  }

  private async sendChunk(records: Array<{ topic: string; message: PreparedMessage }>): Promise<RecordMetadata[]> {
    const byTopic = new Map<string, PreparedMessage[]>();
    for (const { topic, message } of records) {
      const messages = byTopic.get(topic);
      if (messages) messages.push(message);
      else byTopic.set(topic, [message]);
    }
    let result: RecordMetadata[];
    try {
      result = await this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      if (isProducerStateLost(error)) await this.replaceProducer();
      throw error;
    }
    for (const [topic, messages] of byTopic) eventsPublished.inc({ topic }, messages.length);
    return result;
  }

  /** A new kafkajs producer, hence a new producer id, for the next send. */
  private async replaceProducer(): Promise<void> {
    const lost = this.producer;
    this.producer = this.createProducer();
    this.connected = false;
    await lost.disconnect().catch(() => undefined);
    await this.connect();
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
    this.connected = false;
  }
}

/** Consecutive runs of records whose keys and values add up to at most maxBytes (a larger record goes alone). */
function* chunksBySize(records: OutgoingRecord[], maxBytes: number): Generator<Array<{ topic: string; message: PreparedMessage }>> {
  let chunk: Array<{ topic: string; message: PreparedMessage }> = [];
  let chunkBytes = 0;
  for (const record of records) {
    const message: PreparedMessage = { key: record.key, value: jsonTextOf(record.value), headers: record.headers };
    const bytes = Buffer.byteLength(message.value) + (message.key?.length ?? 0) + headerBytes(message.headers);
    if (chunk.length > 0 && chunkBytes + bytes > maxBytes) {
      yield chunk;
      chunk = [];
      chunkBytes = 0;
    }
    chunk.push({ topic: record.topic, message });
    chunkBytes += bytes;
  }
  if (chunk.length > 0) yield chunk;
}

function headerBytes(headers: Record<string, string> | undefined): number {
  if (!headers) return 0;
  let bytes = 0;
  for (const name in headers) bytes += name.length + (headers[name]?.length ?? 0);
  return bytes;
}
