// Writes many records to Kafka as fast as kafkajs allows. kafkajs has no linger: each send() is
// one request, so records are grouped into large sendBatch calls, several kept in flight. Keys
// are placed by the services' partitioner (the same partitions as kafkajs's default, faster).
import type { Kafka } from 'kafkajs';
import { keyHashPartitioner } from '@ledgerline/messaging';
import type { Progress } from './progress';

export interface BulkRecord {
  key: string | null;
  value: string;
}

export interface BulkProduceResult {
  records: number;
  bytes: number;
  seconds: number;
}

export async function produceAll(
  kafka: Kafka,
  topic: string,
  records: Iterable<BulkRecord> | AsyncIterable<BulkRecord>,
  { batchSize = 2_000, inFlight = 4, progress, label = topic }: { batchSize?: number; inFlight?: number; progress?: Progress; label?: string } = {},
): Promise<BulkProduceResult> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: keyHashPartitioner });
  await producer.connect();
  const started = process.hrtime.bigint();
  let produced = 0;
  let bytes = 0;
  const pending = new Set<Promise<unknown>>();
  try {
    let batch: BulkRecord[] = [];
    const flush = async () => {
      const messages = batch;
      batch = [];
      const send = producer.send({ topic, acks: -1, messages }).then(() => {
        produced += messages.length;
        progress?.update(`${label}: ${produced.toLocaleString('en-US')} records written`);
      });
      pending.add(send);
      void send.finally(() => pending.delete(send)).catch(() => undefined);
      if (pending.size >= inFlight) await Promise.race(pending);
    };
    /** True when the batch is full. */
    const add = (record: BulkRecord) => {
      batch.push(record);
      bytes += record.value.length;
      return batch.length >= batchSize;
    };
    // A synchronous source is read without an await per record, which a large preload would feel.
    if (Symbol.asyncIterator in records) {
      for await (const record of records) if (add(record)) await flush();
    } else {
      for (const record of records) if (add(record)) await flush();
    }
    if (batch.length > 0) await flush();
    await Promise.all(pending);
    return { records: produced, bytes, seconds: secondsSince(started) };
  } finally {
    await producer.disconnect();
  }
}

export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
