// What the ERP publishes around a replay of the Online Retail file: each catalog item and country
// store the first time an invoice needs it, and an opening receipt before the first movement of
// each SKU at a store, so the ledger sees stock arrive before it is sold.
import { skuSchema, validateContract, type CatalogItemV1 } from '@ledgerline/contracts';
import { catalogItemRecord, catalogLocationRecord, movementRecord, type ErpRecord } from '../generation/erp-movements';
import { ONLINE_RETAIL_CURRENCY, type ReplayInvoice, type RetailRow } from './online-retail.mapper';

/** Catalog items, store locations and opening stock, each published the first time it is needed. */
export class ReplayMasterData {
  private readonly items = new Set<string>();
  private readonly stores = new Set<string>();
  private readonly stocked = new Set<string>();

  constructor(
    private readonly runId: string,
    private readonly openingQuantity: number,
    private readonly costs: Map<string, number>,
  ) {}

  recordsBefore(invoice: ReplayInvoice, topic: (name: string) => string, now: string): ErpRecord[] {
    const records: ErpRecord[] = [];
    if (!this.stores.has(invoice.storeId)) {
      this.stores.add(invoice.storeId);
      records.push(catalogLocationRecord(topic, { locationId: invoice.storeId, name: `Web shop ${invoice.storeId.slice(4)}`, kind: 'online', timezone: 'Europe/London', active: true, updatedAt: now }));
    }
    for (const row of [...invoice.sales, ...invoice.returns, ...invoice.adjustments]) {
      if (!validateContract(skuSchema, row.stockCode).ok) continue; // pos-ingestion will reject it, as it should
      if (!this.items.has(row.stockCode)) {
        this.items.add(row.stockCode);
        this.costs.set(row.stockCode, costCentsOf(row));
        records.push(catalogItemRecord(topic, this.item(row, now)));
      }
      const key = `${row.stockCode}@${invoice.storeId}`;
      if (this.openingQuantity > 0 && !this.stocked.has(key)) {
        this.stocked.add(key);
        records.push(
          movementRecord(topic, {
            movementId: `erp:opening:${this.runId}:${invoice.storeId}:${row.stockCode}`,
            kind: 'receipt',
            sku: row.stockCode,
            locationId: invoice.storeId,
            quantity: this.openingQuantity,
            unitCost: centsText(this.costs.get(row.stockCode) ?? 10),
            currency: ONLINE_RETAIL_CURRENCY,
            occurredAt: now,
            source: { system: 'erp', documentId: `OPEN-${this.runId}-${invoice.storeId}` },
          }),
        );
      }
    }
    return records;
  }

  private item(row: RetailRow, now: string): CatalogItemV1 {
    return {
      sku: row.stockCode,
      description: row.description.replace(/\p{Cc}/gu, ' ').trim().slice(0, 500) || `Item ${row.stockCode}`,
      unit: 'each',
      packSize: 1,
      lowStockThreshold: Math.ceil(this.openingQuantity * 0.2),
      active: true,
      reorderPolicy: { leadTimeDays: 3, serviceLevel: 0.95, reviewPeriodDays: 0, minimumOrderQuantity: 1 },
      updatedAt: now,
    };
  }
}

/** The file has selling prices only; cost is taken as 60% of the first price seen. */
function costCentsOf(row: RetailRow): number {
  return Math.max(10, Math.round(Number(row.unitPrice) * 100 * 0.6));
}

function centsText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
