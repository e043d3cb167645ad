// What an ERP sends the ledger in its tests: catalog items keyed by SKU and movements keyed by
// stock key, each in its envelope, on the topics of one deployment prefix.
import { TOPICS, createEnvelope, type CatalogItemV1, type InventoryMovementV1 } from '@ledgerline/contracts';
import { prefixedTopic, type EventProducer } from '@ledgerline/messaging';

export class ErpPublisher {
  constructor(
    private readonly producer: EventProducer,
    private readonly prefix: string,
  ) {}

  async catalogItems(items: CatalogItemV1[]): Promise<void> {
    await this.producer.send(
      items.map((entry) => ({
        topic: prefixedTopic(this.prefix, TOPICS.catalogItems.name),
        key: entry.sku,
        value: createEnvelope(TOPICS.catalogItems, entry, { producer: 'erp', occurredAt: entry.updatedAt }),
      })),
    );
  }

  async movements(movements: InventoryMovementV1[]): Promise<void> {
    await this.producer.send(
      movements.map((movement) => ({
        topic: prefixedTopic(this.prefix, TOPICS.inventoryMovements.name),
        key: `${movement.sku}@${movement.locationId}`,
        value: createEnvelope(TOPICS.inventoryMovements, movement, { producer: 'erp', occurredAt: movement.occurredAt }),
      })),
    );
  }
}
