// The rules of the movements front door beyond the movement contract: which kinds an ERP, a WMS
// or store staff may post (never the POS's own kinds, never what only the ledger derives), which
// locations a store-bound credential may post for, that a transfer is received at most as far as
// it was shipped, and how a transfer that arrived short is closed. Pure: the callers read what was
// shipped and received, and what the catalog holds, and pass them in.
import type { InventoryMovementKind, InventoryMovementV1, MovementOfKind } from '@ledgerline/contracts';

export const STORE_OPERATION_KINDS = ['receipt', 'adjustment', 'transfer-out', 'transfer-in', 'count', 'order-placed', 'order-cancelled', 'landed-cost'] as const satisfies readonly InventoryMovementKind[];
export type StoreOperationKind = (typeof STORE_OPERATION_KINDS)[number];
export type StoreOperationMovement = MovementOfKind<StoreOperationKind>;

export type StoreOperationRuleCode =
  | 'MOVEMENTS.KIND_NOT_ACCEPTED'
  | 'MOVEMENTS.SOURCE_NOT_ACCEPTED'
  | 'MOVEMENTS.STORE_MISMATCH'
  | 'MOVEMENTS.UNKNOWN_LOCATION'
  | 'MOVEMENTS.UNKNOWN_SKU'
  | 'MOVEMENTS.TRANSFER_NOT_SHIPPED'
  | 'MOVEMENTS.RECEIVED_MORE_THAN_SHIPPED'
  | 'MOVEMENTS.NOTHING_MISSING';

export interface StoreOperationViolation {
  readonly code: StoreOperationRuleCode;
  readonly path: string;
  readonly message: string;
}

/** Who posts: a service credential (any location) or a store's staff (their store only). */
export type MovementCaller = { readonly kind: 'service'; readonly keyId: string } | { readonly kind: 'store'; readonly keyId: string; readonly storeId: string };

function broken(code: StoreOperationRuleCode, path: string, reason: string): StoreOperationViolation {
  return { code, path, message: `${path} ${reason}` };
}

export function isStoreOperation(movement: InventoryMovementV1): movement is StoreOperationMovement {
  return (STORE_OPERATION_KINDS as readonly string[]).includes(movement.kind);
}

/**
 * The caller's store first, before the kind or any lookup, so a store credential is told the same
 * (MOVEMENTS.STORE_MISMATCH) whether the other location exists or not, as POS keys are.
 */
export function checkStoreOperation(movement: InventoryMovementV1, caller: MovementCaller): StoreOperationViolation | null {
  if (caller.kind === 'store' && movement.locationId !== caller.storeId) {
    return broken('MOVEMENTS.STORE_MISMATCH', 'locationId', `is ${movement.locationId}, but this credential belongs to store ${caller.storeId}`);
  }
  if (!isStoreOperation(movement)) {
    return broken('MOVEMENTS.KIND_NOT_ACCEPTED', 'kind', `${movement.kind} is not posted here: sales, returns and voids come from tills, transfer-shipped, landed-cost-variance and valuation-method-change from the ledger`);
  }
  if (movement.source.system === 'pos' || movement.source.system === 'ledger') {
    return broken('MOVEMENTS.SOURCE_NOT_ACCEPTED', 'source.system', `${movement.source.system} is reserved: use erp, wms or ops`);
  }
  return null;
}

/** Every location a movement names, with the field that names it. */
export function locationsNamed(movement: InventoryMovementV1): Array<{ path: string; locationId: string }> {
  const named = [{ path: 'locationId', locationId: movement.locationId }];
  if (movement.kind === 'transfer-out') named.push({ path: 'toLocationId', locationId: movement.toLocationId });
  if (movement.kind === 'transfer-in' || movement.kind === 'transfer-shipped') named.push({ path: 'fromLocationId', locationId: movement.fromLocationId });
  return named;
}

/** The SKUs and locations the catalog holds, active or not, as far as a request's movements name them. */
export interface CatalogKnowledge {
  readonly skus: ReadonlySet<string>;
  readonly locations: ReadonlySet<string>;
}

/**
 * What of a movement the catalog does not hold: every location it names (the other end of a
 * transfer too), then its SKU. An inactive item or location is known: stock of it still exists and
 * must be recordable (a receipt of a last delivery, a count of what is left, a transfer to clear it).
 */
export function checkCatalogKnown(movement: InventoryMovementV1, known: CatalogKnowledge): StoreOperationViolation[] {
  return unknownToCatalog({ path: 'sku', sku: movement.sku }, locationsNamed(movement), known);
}

/** The same for the transfer line a close-short request names. */
export function checkTransferLineKnown(line: TransferLine, known: CatalogKnowledge): StoreOperationViolation[] {
  const locations = [{ path: 'fromLocationId', locationId: line.fromLocationId }, { path: 'toLocationId', locationId: line.toLocationId }];
  return unknownToCatalog({ path: 'sku', sku: line.sku }, locations, known);
}

function unknownToCatalog(item: { path: string; sku: string }, locations: ReadonlyArray<{ path: string; locationId: string }>, known: CatalogKnowledge): StoreOperationViolation[] {
  const unknown = locations
    .filter(({ locationId }) => !known.locations.has(locationId))
    .map(({ path, locationId }) => broken('MOVEMENTS.UNKNOWN_LOCATION', path, `${locationId} is not a location of the catalog (catalog.locations.v1)`));
  if (!known.skus.has(item.sku)) unknown.push(broken('MOVEMENTS.UNKNOWN_SKU', item.path, `${item.sku} is not an item of the catalog (catalog.items.v1)`));
  return unknown;
}

/** One SKU of one transfer between two locations: what was shipped and received so far. */
export interface TransferLine {
  transferId: string;
  sku: string;
  fromLocationId: string;
  toLocationId: string;
}

export interface TransferProgress {
  shipped: number;
  received: number;
}

export function transferLineOf(movement: MovementOfKind<'transfer-out'> | MovementOfKind<'transfer-in'>): TransferLine {
  return movement.kind === 'transfer-out'
    ? { transferId: movement.transferId, sku: movement.sku, fromLocationId: movement.locationId, toLocationId: movement.toLocationId }
    : { transferId: movement.transferId, sku: movement.sku, fromLocationId: movement.fromLocationId, toLocationId: movement.locationId };
}

/** A receipt of a transfer may bring in at most what was shipped and not yet received. */
export function checkTransferReceipt(movement: MovementOfKind<'transfer-in'>, progress: TransferProgress): StoreOperationViolation | null {
  if (progress.shipped === 0) {
    return broken('MOVEMENTS.TRANSFER_NOT_SHIPPED', 'transferId', `${movement.transferId} shipped no ${movement.sku} from ${movement.fromLocationId} to ${movement.locationId}`);
  }
  const open = progress.shipped - progress.received;
  if (movement.quantity > open) {
    return broken('MOVEMENTS.RECEIVED_MORE_THAN_SHIPPED', 'quantity', `${movement.quantity} is more than the ${open} shipped and not yet received`);
  }
  return null;
}

export interface CloseShortRequest {
  line: TransferLine;
  progress: TransferProgress;
  occurredAt: string;
  system: 'erp' | 'wms' | 'ops';
  note?: string;
}

/**
 * Closes a transfer that arrived short: the missing units are first received (leaving in transit
 * at the destination at the value they left the source with) and then written off there as an
 * adjustment with reason `lost`, so in transit is empty, on hand is what really arrived, and the
 * loss is a documented adjustment at the destination's average cost. Ids derive from the transfer
 * line, so closing twice posts the same two movements (duplicates).
 */
export function closeShortMovements(request: CloseShortRequest): StoreOperationMovement[] | StoreOperationViolation {
  const { line, progress, occurredAt, system } = request;
  const missing = progress.shipped - progress.received;
  if (progress.shipped === 0) return broken('MOVEMENTS.TRANSFER_NOT_SHIPPED', 'transferId', `${line.transferId} shipped no ${line.sku} from ${line.fromLocationId} to ${line.toLocationId}`);
  if (missing <= 0) return broken('MOVEMENTS.NOTHING_MISSING', 'sku', `${line.sku}: all ${progress.shipped} shipped were received`);
  const base = `close-short:${line.transferId}:${line.sku}:${line.toLocationId}`;
  const source = { system, documentId: line.transferId };
  const note = request.note ?? `transfer ${line.transferId} from ${line.fromLocationId} closed short: ${missing} of ${progress.shipped} never arrived`;
  return [
    { movementId: `${base}:in`, kind: 'transfer-in', sku: line.sku, locationId: line.toLocationId, quantity: missing, occurredAt, source, transferId: line.transferId, fromLocationId: line.fromLocationId },
    { movementId: `${base}:lost`, kind: 'adjustment', sku: line.sku, locationId: line.toLocationId, quantity: -missing, occurredAt, source, reasonCode: 'lost', note },
  ];
}
