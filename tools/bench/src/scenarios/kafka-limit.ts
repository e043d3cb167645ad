// The broker's limit for movement-sized messages on this machine: raw kafkajs produce (large
// batches, several in flight, acks from all in-sync replicas as the services use) and raw consume
// (eachBatch, counting only), no decoding or processing. Each also reports what a message cost the
// whole machine (client and broker): the floor under any design that moves messages through it.
import { ensureTopics } from '@ledgerline/messaging';
import { withResources } from '../infra/bench-resources';
import { produceAll, secondsSince } from '../infra/bulk-producer';
import { MACHINE_CPU_NOTE, busyCpuSeconds, sampleMachineCpu } from '../infra/machine-cpu';
import { StockUniverse } from '../workload/stock-universe';
import { ledgerWorkload } from '../workload/movement-workload';
import type { Figure, ScenarioContext } from './scenario';

export async function measureKafkaLimit({ options, progress }: ScenarioContext): Promise<Figure[]> {
  return withResources('kafka', async (resources) => {
    const topic = `${resources.prefix}.movements`;
    const kafka = resources.kafka('limit');
    // Waits until the broker serves every partition: on a loaded machine a produce straight after
    // createTopics can still be refused with "does not host this topic-partition".
    await ensureTopics(kafka, [{ topic, partitions: options.partitions }]);

    const count = options.kafkaMessages;
    const records = [...ledgerWorkload(new StockUniverse(options.skus, options.locations), count, resources.prefix)];
    progress.step(`kafka limit: producing ${count.toLocaleString('en-US')} movement-sized messages`);
    const beforeProduce = await sampleMachineCpu();
    const produced = await produceAll(kafka, topic, records, { progress, label: 'kafka produce' });
    const produceCpuSeconds = busyCpuSeconds(beforeProduce, await sampleMachineCpu());

    progress.step('kafka limit: consuming them back');
    const consumer = kafka.consumer({ groupId: `${resources.prefix}-limit`, maxWaitTimeInMs: 100, maxBytesPerPartition: 4 * 1_048_576 });
    let consumed = 0;
    let firstAt: bigint | undefined;
    let done: () => void = () => undefined;
    const allConsumed = new Promise<void>((resolve) => (done = resolve));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const beforeConsume = await sampleMachineCpu();
    await consumer.run({
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      eachBatch: async ({ batch }) => {
        firstAt ??= process.hrtime.bigint();
        consumed += batch.messages.length;
        progress.update(`kafka consume: ${consumed.toLocaleString('en-US')} records read`);
        if (consumed >= count) done();
      },
    });
    await Promise.race([allConsumed, timeout(120_000 + count / 5, () => `consumed ${consumed} of ${count}`)]);
    const consumeSeconds = firstAt === undefined ? Number.NaN : secondsSince(firstAt);
    const consumeCpuSeconds = busyCpuSeconds(beforeConsume, await sampleMachineCpu());
    await consumer.disconnect();

    const averageBytes = produced.bytes / produced.records;
    return [
      { measure: 'kafka produce', value: produced.records / produced.seconds, unit: 'msg/s', note: `${averageBytes.toFixed(0)} B JSON, batches of 2,000, 4 in flight, acks=all` },
      { measure: 'kafka consume', value: count / consumeSeconds, unit: 'msg/s', note: `eachBatch, ${options.partitions} partitions, no processing` },
      { measure: 'kafka produce: machine CPU per message', value: (produceCpuSeconds * 1e6) / produced.records, unit: 'µs', note: MACHINE_CPU_NOTE },
      { measure: 'kafka consume: machine CPU per message', value: (consumeCpuSeconds * 1e6) / count, unit: 'µs', note: MACHINE_CPU_NOTE },
    ];
  });
}

export function timeout(ms: number, describe: () => string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${Math.round(ms)} ms: ${describe()}`)), ms).unref());
}
