// The catalog an ERP publishes before it or a store posts store operations: pos-ingestion refuses
// a SKU or location its catalog copy does not hold, and answers 503 MOVEMENTS.CATALOG_CATCHING_UP
// (retry after Retry-After) while the copy is still applying what was published.
import { TOPICS, createEnvelope, type CatalogItemV1, type CatalogLocationV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { testKafkaBrokers, waitFor } from '@ledgerline/testing';

/** Items and locations on the catalog topics of this deployment prefix, acknowledged by Kafka. */
export async function publishCatalog(prefix: string, catalog: { skus: readonly string[]; locations: readonly string[] }): Promise<void> {
  const updatedAt = new Date().toISOString();
  const items: CatalogItemV1[] = catalog.skus.map((sku) => ({ sku, description: `Item ${sku}`, unit: 'each', packSize: 1, lowStockThreshold: 0, active: true, updatedAt }));
  const locations: CatalogLocationV1[] = catalog.locations.map((locationId) => ({ locationId, name: `Location ${locationId}`, kind: locationId.startsWith('W') ? 'warehouse' : 'store', active: true, updatedAt }));
  const erp = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${prefix}-erp-catalog` }));
  await erp.connect();
  try {
    await erp.send([
      ...items.map((item) => ({ topic: prefixedTopic(prefix, TOPICS.catalogItems.name), key: item.sku, value: createEnvelope(TOPICS.catalogItems, item, { producer: 'erp', occurredAt: updatedAt }) })),
      ...locations.map((location) => ({ topic: prefixedTopic(prefix, TOPICS.catalogLocations.name), key: location.locationId, value: createEnvelope(TOPICS.catalogLocations, location, { producer: 'erp', occurredAt: updatedAt }) })),
    ]);
  } finally {
    await erp.disconnect();
  }
}

/** Sends a request again, as a client honouring Retry-After does, while the catalog copy catches up. */
export async function retriedWhileCatalogCatchesUp<T extends { status: number; body: Record<string, unknown> }>(send: () => Promise<T>): Promise<T> {
  return waitFor(
    async () => {
      const answer = await send();
      return answer.status === 503 && answer.body['code'] === 'MOVEMENTS.CATALOG_CATCHING_UP' ? undefined : answer;
    },
    { timeoutMs: 60_000, intervalMs: 250, description: "pos-ingestion's catalog copy to catch up" },
  );
}
