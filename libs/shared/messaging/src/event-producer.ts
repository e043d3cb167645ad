// Publishes JSON events with the idempotent producer and waits for all in-sync replicas, so a
// send that resolved is durable. Records for several topics go out in one request.
import type { Kafka, Producer, RecordMetadata } from 'kafkajs';
import { metricsRegistry } from '@ledgerline/runtime';
import { Counter } from 'prom-client';

export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: unknown;
  headers?: Record<string, string>;
}

const eventsPublished = new Counter({
  name: 'ledgerline_events_published_total',
  help: 'Events written to Kafka, by topic',
  labelNames: ['topic'],
  registers: [metricsRegistry],
});

export class EventProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
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
    const byTopic = new Map<string, Array<{ key: string | null; value: string; headers?: Record<string, string> }>>();
    for (const record of records) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ key: record.key, value: serialise(record.value), headers: record.headers });
      byTopic.set(record.topic, messages);
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

function serialise(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return JSON.stringify(value);
}
