// Publishes JSON events with the idempotent producer and waits for all in-sync replicas, so a
// send that resolved is durable. Records for several topics go out in one request, up to a size
// the broker accepts: kafkajs puts all records of one partition in one record batch, and the
// broker refuses a batch above message.max.bytes (1 MiB by default), so a large send (an outbox
// backlog whose events all share a partition) goes out as several requests, one after another,
// in order.
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

export class EventProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: keyHashPartitioner });
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
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
    const result = await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    for (const [topic, messages] of byTopic) eventsPublished.inc({ topic }, messages.length);
    return result;
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
