// What an ERP-like consumer of inventory.stock-changed.v1 ends up believing: it drops events whose
// eventId it has already seen (the relay may publish one twice after a crash) and keeps, per
// sku@location, the balance carried by the highest balanceVersion (events of one key may arrive
// out of order across a redelivery). The checker compares this belief with the ledger's balances.
import { parseMoney } from '@ledgerline/money';

export interface StockChangedEnvelope {
  eventId: string;
  payload: {
    movementId: string;
    sku: string;
    locationId: string;
    onHand: number;
    inTransit: number;
    onOrder: number;
    inventoryValue: string;
    balanceVersion: number;
  };
}

export interface StockFigures {
  onHand: number;
  inTransit: number;
  onOrder: number;
  /** Ten-thousandths, so "1.5" and "1.5000" compare equal. */
  inventoryValue: bigint;
  balanceVersion: number;
}

export interface ErpStockView {
  balances: Map<string, StockFigures>;
  /** Every movement id a stock-changed event was received for. */
  movementIds: Set<string>;
  eventsReceived: number;
  duplicateEventsDropped: number;
  /** Two different events claiming the same key and version: the ledger told two stories. */
  conflictingVersions: string[];
}

export function erpStockView(envelopes: Iterable<StockChangedEnvelope>): ErpStockView {
  const seenEventIds = new Set<string>();
  const balances = new Map<string, StockFigures>();
  const movementByVersion = new Map<string, string>();
  const movementIds = new Set<string>();
  const conflictingVersions: string[] = [];
  let eventsReceived = 0;
  let duplicateEventsDropped = 0;
  for (const { eventId, payload } of envelopes) {
    eventsReceived += 1;
    if (seenEventIds.has(eventId)) {
      duplicateEventsDropped += 1;
      continue;
    }
    seenEventIds.add(eventId);
    movementIds.add(payload.movementId);
    const key = `${payload.sku}@${payload.locationId}`;
    const versionKey = `${key}#${payload.balanceVersion}`;
    const versionOwner = movementByVersion.get(versionKey);
    if (versionOwner !== undefined && versionOwner !== payload.movementId) {
      conflictingVersions.push(`${versionKey}: ${versionOwner} and ${payload.movementId}`);
    }
    movementByVersion.set(versionKey, payload.movementId);
    if ((balances.get(key)?.balanceVersion ?? 0) < payload.balanceVersion) {
      balances.set(key, {
        onHand: payload.onHand,
        inTransit: payload.inTransit,
        onOrder: payload.onOrder,
        inventoryValue: parseMoney(payload.inventoryValue),
        balanceVersion: payload.balanceVersion,
      });
    }
  }
  return { balances, movementIds, eventsReceived, duplicateEventsDropped, conflictingVersions };
}

/** Differences between the consumer's view and the ledger's balances, one line per key. */
export function compareWithLedger(view: ErpStockView, ledger: Map<string, StockFigures>): string[] {
  const differences: string[] = [...view.conflictingVersions.map((conflict) => `two events for one version ${conflict}`)];
  for (const [key, balance] of ledger) {
    const believed = view.balances.get(key);
    if (believed === undefined) {
      if (balance.balanceVersion > 0) differences.push(`${key}: the consumer never heard of it (ledger at version ${balance.balanceVersion})`);
      continue;
    }
    const fields = (['onHand', 'inTransit', 'onOrder', 'inventoryValue', 'balanceVersion'] as const).filter((field) => believed[field] !== balance[field]);
    if (fields.length > 0) {
      differences.push(`${key}: ${fields.map((field) => `${field} consumer ${String(believed[field])} vs ledger ${String(balance[field])}`).join(', ')}`);
    }
  }
  for (const key of view.balances.keys()) {
    if (!ledger.has(key)) differences.push(`${key}: the consumer holds a balance the ledger does not`);
  }
  return differences;
}
