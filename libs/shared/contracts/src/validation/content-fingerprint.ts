// What "the same content" means wherever an id makes a message idempotent: a SHA-256 over
// canonical JSON (object keys sorted at every level, undefined fields left out), so key order and
// whitespace do not matter while any change of content does. The POS intake fingerprints
// transactions with it, the movements front door and the ledger fingerprint movements with it,
// so a movement re-sent under its id with another body is a conflict at every door.
import { createHash } from 'node:crypto';
import type { InventoryMovementV1 } from '../inventory-movement/v1/inventory-movement.schema';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted; `undefined` fields are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value as Json));
}

/** Object.fromEntries defines own properties, so an attribute named "__proto__" stays data. */
function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => [key, sortKeys(value[key] as Json)]),
  );
}

/** Hex SHA-256 of the canonical JSON of a value. */
export function contentFingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/** The fingerprint of a movement as its contract states it: equal for the same movement re-sent. */
export function movementFingerprint(movement: InventoryMovementV1): string {
  return contentFingerprint(movement);
}
