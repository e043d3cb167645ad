// The Kafka side of pos-ingestion as a POS integration sees it: records written to
// pos.transactions.raw.v1 as bytes (so a test can send what no JSON encoder would produce), and the
// dead letters pos-ingestion writes for the records it refuses, with their reasons.
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { TOPICS } from '@ledgerline/contracts';
import { readTopicUntil } from '@ledgerline/testing';
import type { ChaosRun } from './chaos-run';

export interface DeadLetterSeen {
  originalKey: string | null;
  originalValue: string;
  reasonCode: string;
  reason: string;
  errors: Array<{ path: string; message: string }>;
}

export async function connectRawProducer(run: ChaosRun, name: string): Promise<Producer> {
  const producer = new Kafka({ ...run.security, clientId: `${run.prefix}-${name}`, brokers: run.brokers, logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return producer;
}

/** Resolves once the broker acknowledged every record (acks from all in-sync replicas). */
export async function sendRaw(run: ChaosRun, producer: Producer, records: Array<{ key: string; value: string | Buffer }>): Promise<void> {
  await producer.send({ topic: run.topic(TOPICS.posTransactionsRaw.name), acks: -1, messages: records.map(({ key, value }) => ({ key, value })) });
}

export async function readDeadLetters(run: ChaosRun, isComplete: (letters: DeadLetterSeen[]) => boolean, timeoutMs = 30_000): Promise<DeadLetterSeen[]> {
  const decode = (value: string | null) => (JSON.parse(value ?? '{}') as { payload: DeadLetterSeen }).payload;
  const messages = await readTopicUntil(run.topic(TOPICS.posTransactionsDeadLetter.name), (read) => isComplete(read.map((message) => decode(message.value))), {
    timeoutMs,
    brokers: run.brokers,
    security: run.security,
  });
  return messages.map((message) => decode(message.value));
}

/** Records on a topic (all partitions), from the broker's offsets. */
export async function recordsOnTopic(run: ChaosRun, topic: string): Promise<number> {
  const admin = new Kafka({ ...run.security, clientId: `${run.prefix}-offsets`, brokers: run.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
  } finally {
    await admin.disconnect();
  }
}
