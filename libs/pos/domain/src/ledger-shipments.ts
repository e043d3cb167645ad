// What the front door learns of a transfer line shipped through any door, from the ledger's
// stock-changed events. A shipment is the ledger's transfer-out at the source and the
// transfer-shipped it derives at the destination: the first tells the quantity (its on-hand delta)
// and the source, the second the destination (its quantity leaves on hand alone, so its event does
// not state it). Both halves are keyed by the transfer-out's movement id, the id the front door
// records a shipment posted over HTTP under, so a line shipped through both doors counts once.
import type { StockChangedV1 } from '@ledgerline/contracts';

/** The ledger names the shipment it derives `<transfer-out id>:shipped` (docs/architecture.md). */
const SHIPPED_SUFFIX = ':shipped';

export interface LedgerShipment {
  /** The transfer-out's movement id. */
  readonly movementId: string;
  readonly transferId: string;
  readonly sku: string;
  readonly fromLocationId: string;
  /** Known from the transfer-shipped event; null until it came. */
  readonly toLocationId: string | null;
  /** Known from the transfer-out event; null until it came. */
  readonly quantity: number | null;
}

export interface LedgerShipmentsOfEvents {
  /** One per shipment, the halves of the events given merged. */
  readonly shipments: LedgerShipment[];
  /** Transfer events that name no transfer: applied before the ledger stated it. */
  readonly unnamed: StockChangedV1[];
}

export class LedgerShipmentEventError extends Error {
  readonly code = 'TRANSFERS.INCONSISTENT_SHIPMENT_EVENT';
}

export function ledgerShipmentsOf(events: readonly StockChangedV1[]): LedgerShipmentsOfEvents {
  const shipments = new Map<string, LedgerShipment>();
  const unnamed: StockChangedV1[] = [];
  for (const event of events) {
    if (event.kind !== 'transfer-out' && event.kind !== 'transfer-shipped') continue;
    const half = shipmentHalfOf(event);
    if (half === null) {
      unnamed.push(event);
      continue;
    }
    const earlier = shipments.get(half.movementId);
    shipments.set(half.movementId, earlier === undefined ? half : mergeHalves(earlier, half));
  }
  return { shipments: [...shipments.values()], unnamed };
}

function shipmentHalfOf(event: StockChangedV1): LedgerShipment | null {
  if (event.transferId === undefined) return null;
  if (event.kind === 'transfer-out') {
    return { movementId: event.movementId, transferId: event.transferId, sku: event.sku, fromLocationId: event.locationId, toLocationId: null, quantity: -event.quantityDelta };
  }
  if (event.fromLocationId === undefined) return null;
  if (!event.movementId.endsWith(SHIPPED_SUFFIX) || event.movementId.length === SHIPPED_SUFFIX.length) {
    throw new LedgerShipmentEventError(`transfer-shipped ${event.movementId} does not end in ${SHIPPED_SUFFIX}: its transfer-out cannot be told`);
  }
  return {
    movementId: event.movementId.slice(0, -SHIPPED_SUFFIX.length),
    transferId: event.transferId,
    sku: event.sku,
    fromLocationId: event.fromLocationId,
    toLocationId: event.locationId,
    quantity: null,
  };
}

function mergeHalves(earlier: LedgerShipment, later: LedgerShipment): LedgerShipment {
  if (earlier.transferId !== later.transferId || earlier.sku !== later.sku || earlier.fromLocationId !== later.fromLocationId) {
    throw new LedgerShipmentEventError(`the events of shipment ${earlier.movementId} name different transfer lines`);
  }
  return { ...earlier, toLocationId: earlier.toLocationId ?? later.toLocationId, quantity: earlier.quantity ?? later.quantity };
}
