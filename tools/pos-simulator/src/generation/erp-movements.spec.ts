import { TOPICS, validateContract } from '@ledgerline/contracts';
import { generateCatalog, toCatalogItem, toCatalogLocation } from './catalog.generator';
import { catalogItemRecord, catalogLocationRecord, movementRecord, openingReceipt } from './erp-movements';
import { SeededRandom } from './seeded-random';

const plan = generateCatalog({ stores: 2, terminalsPerStore: 1, skus: 5, linesPerSecond: 5, openingCoverSeconds: 300 }, new SeededRandom(2));
const topic = (name: string) => `sim.${name}`;
const now = '2026-03-02T07:00:00Z';

describe('ERP records', () => {
  it('puts catalog items and locations in valid envelopes on the prefixed compacted topics', () => {
    const item = catalogItemRecord(topic, toCatalogItem(plan.items[0]!, now));
    expect(item).toMatchObject({ topic: 'sim.catalog.items.v1', key: plan.items[0]!.sku });
    expect(validateContract(TOPICS.catalogItems.valueSchema, item.value).ok).toBe(true);
    const location = catalogLocationRecord(topic, toCatalogLocation(plan.stores[1]!, now));
    expect(location).toMatchObject({ topic: 'sim.catalog.locations.v1', key: 'S002' });
    expect(validateContract(TOPICS.catalogLocations.valueSchema, location.value).ok).toBe(true);
  });

  it('stocks every store with an opening receipt at unit cost, with an id stable within a run', () => {
    const receipt = openingReceipt('r7', plan.stores[0]!, plan.items[0]!, now);
    expect(receipt).toMatchObject({ kind: 'receipt', locationId: 'S001', quantity: plan.items[0]!.openingQuantity, source: { system: 'erp' } });
    expect(openingReceipt('r7', plan.stores[0]!, plan.items[0]!, now).movementId).toBe(receipt.movementId);
    expect(openingReceipt('r8', plan.stores[0]!, plan.items[0]!, now).movementId).not.toBe(receipt.movementId);
    const record = movementRecord(topic, receipt);
    const decoded = validateContract(TOPICS.inventoryMovements.valueSchema, record.value);
    expect(decoded).toMatchObject({ ok: true, value: { eventId: `erp-event:${receipt.movementId}`, occurredAt: now } });
  });
});
