// Decides which stock-level alerts a change of on hand raises. Alerts fire on crossings, not on
// every movement below a line, so a busy item near its threshold does not flood the topic; the
// exception is negative stock, raised by every movement that lowers on hand below zero, because
// each such sale is a record the shelf cannot have matched.
import { Movement } from './movement';
import { AlertDraft } from './stock-alert';

export function stockLevelAlerts(
  movement: Movement,
  onHandBefore: number,
  onHandAfter: number,
  lowStockThreshold: number | null,
): AlertDraft[] {
  const base = {
    sku: movement.sku,
    locationId: movement.locationId,
    causedByMovementId: movement.movementId,
    occurredAt: movement.occurredAt,
    onHand: onHandAfter,
  };
  const alerts: AlertDraft[] = [];
  if (onHandAfter < onHandBefore && onHandAfter < 0) {
    alerts.push({ kind: 'negative-stock', ...base });
  }
  if (onHandBefore > 0 && onHandAfter === 0) {
    alerts.push({ kind: 'stockout', ...base });
  }
  if (lowStockThreshold !== null && onHandBefore >= lowStockThreshold && onHandAfter < lowStockThreshold) {
    alerts.push({ kind: 'low-stock', threshold: lowStockThreshold, ...base });
  }
  return alerts;
}
