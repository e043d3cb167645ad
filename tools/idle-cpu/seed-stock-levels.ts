// Writes one stock level per SKU/location to the stock-levels topic of a deployment prefix, so the
// ops dashboard holds as many balances as a year of trading leaves (19,777 SKU/locations by default).
// Usage: node -r ./tools/ts-register.cjs tools/idle-cpu/seed-stock-levels.ts PREFIX [COUNT]
import { TOPICS, createEnvelope, type StockLevelV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, ensureTopics, prefixedTopic } from '@ledgerline/messaging';

async function seedStockLevels(prefix: string, count: number): Promise<void> {
  const kafka = createKafkaClient({ brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), clientId: 'seed-stock-levels' });
  const topic = prefixedTopic(prefix, TOPICS.stockLevels.name);
  await ensureTopics(kafka, [{ topic, partitions: 6, compacted: true }]);
  const producer = new EventProducer(kafka);
  await producer.connect();
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let first = 0; first < count; first += 2_000) {
    const records = [];
    for (let index = first; index < Math.min(count, first + 2_000); index++) {
      const onHand = (index % 17) - 2;
      const level: StockLevelV1 = {
        sku: `SKU-${String(Math.floor(index / 38)).padStart(5, '0')}`,
        locationId: `S${String(index % 38).padStart(2, '0')}`,
        onHand,
        inTransit: 0,
        onOrder: 0,
        inventoryValue: `${Math.max(onHand, 0) * 3}.5000`,
        averageUnitCost: '3.5000',
        balanceVersion: 1 + (index % 50),
        lastMovementId: `seed:${index}`,
        updatedAt: new Date(start + index * 60_000).toISOString(),
      };
      records.push({ topic, key: `${level.sku}@${level.locationId}`, value: createEnvelope(TOPICS.stockLevels, level, { producer: 'inventory-ledger', occurredAt: level.updatedAt }) });
    }
    await producer.send(records);
  }
  await producer.disconnect();
}

const [prefix, count] = process.argv.slice(2);
if (!prefix) throw new Error('usage: seed-stock-levels.ts PREFIX [COUNT]');
seedStockLevels(prefix, Number(count ?? 19_777)).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
