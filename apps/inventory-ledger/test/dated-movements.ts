// Test support for the closed-period tests: wire movements at any store and business time, and
// days counted back from today (UTC), so every day a test closes has ended.
import type { InventoryMovementV1 } from '@ledgerline/contracts';

const DAY_MS = 86_400_000;
const source = { system: 'erp' as const, documentId: 'DOC-1' };

/** The UTC day `n` days before today, YYYY-MM-DD. */
export const daysAgo = (n: number) => new Date(Math.floor(Date.now() / DAY_MS - n) * DAY_MS).toISOString().slice(0, 10);

export function receipt(movementId: string, sku: string, locationId: string, quantity: number, unitCost: string, occurredAt: string): InventoryMovementV1 {
  return { movementId, kind: 'receipt', sku, locationId, quantity, unitCost, occurredAt, source };
}

export function sale(movementId: string, sku: string, locationId: string, quantity: number, occurredAt: string): InventoryMovementV1 {
  return { movementId, kind: 'sale', sku, locationId, quantity, occurredAt, source: { system: 'pos', storeId: locationId, terminalId: 'T1', transactionId: movementId, lineNumber: 1 } };
}

export function adjustment(movementId: string, sku: string, locationId: string, quantity: number, reasonCode: 'lost' | 'damaged', occurredAt: string): InventoryMovementV1 {
  return { movementId, kind: 'adjustment', sku, locationId, quantity, reasonCode, occurredAt, source };
}

export function transferOut(movementId: string, sku: string, locationId: string, toLocationId: string, quantity: number, occurredAt: string): InventoryMovementV1 {
  return { movementId, kind: 'transfer-out', sku, locationId, toLocationId, transferId: movementId, quantity, occurredAt, source: { system: 'wms', documentId: movementId } };
}

/** The source the ERP's movements carry in these tests. */
export const ERP_DOCUMENT = source;
