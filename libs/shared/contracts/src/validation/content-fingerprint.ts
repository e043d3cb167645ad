// What "the same content" means wherever an id makes a message idempotent: a SHA-256 over
// canonical JSON (object keys sorted at every level, undefined fields left out), so key order and
// whitespace do not matter while any change of content does. The POS intake fingerprints
// transactions with it, the movements front door and the ledger fingerprint movements with it,
// so a movement re-sent under its id with another body is a conflict at every door.
import * as crypto from 'node:crypto';
import type { InventoryMovementV1 } from '../inventory-movement/v1/inventory-movement.schema';

/**
 * JSON with object keys sorted at every level; `undefined` fields are left out, as JSON.stringify
 * leaves them out. Written directly rather than by building a sorted copy for JSON.stringify: the
 * ledger fingerprints every movement it applies, and the copies were most of that cost. The text
 * must never change for a given value, since fingerprints are stored; the spec holds it to
 * JSON.stringify of a key-sorted copy on random values.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value) as string;
}

/** Undefined where JSON.stringify leaves the value out (undefined, a function, a symbol). */
function serialise(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
    case 'bigint': // JSON.stringify refuses it, and so must this
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++) text += `${index === 0 ? '' : ','}${serialise(value[index]) ?? 'null'}`;
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  let text = '{';
  let first = true;
  for (const key of canonicalKeyOrder(Object.keys(record))) {
    const field = serialise(record[key]);
    if (field === undefined) continue;
    text += `${first ? '' : ','}${quoted(key)}:${field}`;
    first = false;
  }
  return `${text}}`;
}

/**
 * Keys sorted, in the order the fingerprints have always been taken in: they were the text of a
 * key-sorted copy, and an object lists integer keys ("0", "12") first, in numeric order, whatever
 * order they were added in.
 */
function canonicalKeyOrder(keys: string[]): string[] {
  const sorted = keys.sort();
  if (!hasIntegerKey(sorted)) return sorted;
  const integers = sorted.filter(isIntegerKey).sort((a, b) => Number(a) - Number(b));
  return [...integers, ...sorted.filter((key) => !isIntegerKey(key))];
}

function hasIntegerKey(keys: readonly string[]): boolean {
  for (const key of keys) if (isIntegerKey(key)) return true;
  return false;
}

/** An array index: the canonical text of an integer from 0 to 2^32 - 2. */
function isIntegerKey(key: string): boolean {
  // Most keys are names: one that does not start with a digit is no index, without converting it.
  const lead = key.charCodeAt(0);
  if (!(lead >= DIGIT_ZERO && lead <= DIGIT_NINE)) return false;
  const index = Number(key) >>> 0;
  return String(index) === key && index !== 4_294_967_295;
}

const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;

/**
 * What JSON.stringify writes for a string (a finite number's text is its String too). Most
 * strings hold nothing JSON escapes (a quote, a backslash, a control character, a lone surrogate),
 * and finding that out costs less than JSON.stringify; a surrogate pair is left to JSON.stringify.
 */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what JSON escapes
const ESCAPED_IN_JSON = /["\\\u0000-\u001f\ud800-\udfff]/;

function quoted(text: string): string {
  return ESCAPED_IN_JSON.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Hex SHA-256 of the canonical JSON of a value. */
export function contentFingerprint(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

type OneShotHash = (algorithm: string, data: string, outputEncoding: 'hex') => string;

/**
 * One-shot hashing (crypto.hash, from Node 20.12) skips building the Hash object createHash
 * returns, which cost about as much as hashing a transaction; the Node 20 releases before it,
 * which the engines field still admits, hash through createHash. Both hash the text's UTF-8.
 */
const oneShotHash = (crypto as { hash?: OneShotHash }).hash;

/** Hex SHA-256 of a text's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return oneShotHash === undefined ? crypto.createHash('sha256').update(text, 'utf8').digest('hex') : oneShotHash('sha256', text, 'hex');
}

/** The fingerprint of a movement as its contract states it: equal for the same movement re-sent. */
export function movementFingerprint(movement: InventoryMovementV1): string {
  return contentFingerprint(movement);
}
