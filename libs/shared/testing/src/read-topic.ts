// Reads a topic from the beginning with a throwaway consumer group until the messages seen so
// far satisfy a condition, as an ERP or dashboard consumer would see them.
import { Kafka, logLevel } from 'kafkajs';
import { testKafkaBrokers } from './test-environment';
import { uniqueTestId, type TestClientSecurity } from './test-topics';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export async function readTopicUntil(
  topic: string,
  isComplete: (messages: ReadMessage[]) => boolean,
  { timeoutMs = 30_000, brokers = testKafkaBrokers(), security = {} }: { timeoutMs?: number; brokers?: string[]; security?: TestClientSecurity } = {},
): Promise<ReadMessage[]> {
  const kafka = new Kafka({ ...security, clientId: uniqueTestId('test-reader'), brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueTestId('test-reader'), maxWaitTimeInMs: 100 });
  const messages: ReadMessage[] = [];
  let settle: (() => void) | undefined;
  const complete = new Promise<void>((resolve) => (settle = resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, value?.toString() ?? '']),
          ),
        });
        if (isComplete(messages)) settle?.();
      },
    });
    if (isComplete(messages)) settle?.();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Timed out after ${timeoutMs} ms reading ${topic}; saw ${messages.length} messages`)),
        timeoutMs,
      );
    });
    await Promise.race([complete, timeout]).finally(() => clearTimeout(timer));
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
