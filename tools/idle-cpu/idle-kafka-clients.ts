// What kafkajs clients cost their process while nothing happens: one admin client, one producer
// and one consumer subscribed to a quiet topic, connected to the broker, then left alone. It reports
// the process's CPU over the window as a share of one core. Run it from two checkouts (each with
// its own node_modules) to compare dependency patches (tools/patches), or with
// IDLE_KAFKA_ENFORCE_REQUEST_TIMEOUT=false to see what the request timeout check costs.
// Usage: KAFKA_BROKERS=127.0.0.1:9092 node -r ./tools/ts-register.cjs tools/idle-cpu/idle-kafka-clients.ts [SECONDS]
import { Kafka, logLevel } from 'kafkajs';

async function measureIdleClients(seconds: number): Promise<void> {
  const kafka = new Kafka({
    clientId: 'idle-kafka-clients',
    brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
    enforceRequestTimeout: process.env['IDLE_KAFKA_ENFORCE_REQUEST_TIMEOUT'] !== 'false',
  });
  const topic = `idle-kafka-clients-${process.pid}`;
  const admin = kafka.admin();
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: topic, maxWaitTimeInMs: 1_000 });
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'one' }] });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async () => undefined });
    // Joined, read the one record and long-polling by now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const before = process.cpuUsage();
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
    const used = process.cpuUsage(before);
    const share = (used.user + used.system) / 1_000 / (Date.now() - started);
    process.stdout.write(`${(100 * share).toFixed(2)} % of a core over ${seconds} s\n`);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

measureIdleClients(Number(process.argv[2] ?? 20)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
