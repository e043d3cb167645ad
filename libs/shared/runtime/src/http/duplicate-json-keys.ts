// Finds the first key that appears twice in one JSON object. JSON.parse (and so every stock body
// parser) keeps the last of two equal keys, so `{"quantity":1,"quantity":100}` would be read as
// 100 while a proxy, a log or an auditor reading the first sees 1. We refuse such a body instead.
//
// A scan of the text rather than a parser of our own: JSON.parse still decides what the value is
// and whether the text is JSON at all; this only walks the structure (strings, brackets, commas)
// and compares decoded keys, so "a" and "\u0061" are the same key, as they are to JSON.parse.
// On text that is not JSON it may stop early; JSON.parse then refuses the body anyway.

export interface DuplicateKey {
  /** The decoded key. */
  key: string;
  /** Where the object holding it sits, e.g. `lines[2]` ('' for the top level). */
  path: string;
}

interface Frame {
  kind: 'object' | 'array';
  /** The path of this container. */
  path: string;
  keys: Set<string>;
  expectingKey: boolean;
  /** The current key (object) or index (array), for the path of a nested container. */
  member: string;
  index: number;
}

export function findDuplicateKey(text: string): DuplicateKey | null {
  const stack: Frame[] = [];
  let position = 0;
  while (position < text.length) {
    const character = text.charCodeAt(position);
    const top = stack[stack.length - 1];
    if (character === QUOTE) {
      const end = endOfString(text, position);
      if (end < 0) return null;
      if (top?.kind === 'object' && top.expectingKey) {
        const key = decodeString(text, position, end);
        if (key === undefined) return null;
        if (top.keys.has(key)) return { key, path: top.path };
        top.keys.add(key);
        top.member = key;
        top.expectingKey = false;
      }
      position = end + 1;
      continue;
    }
    if (character === OPEN_BRACE || character === OPEN_BRACKET) {
      const path = top === undefined ? '' : childPath(top);
      stack.push({ kind: character === OPEN_BRACE ? 'object' : 'array', path, keys: new Set(), expectingKey: character === OPEN_BRACE, member: '', index: 0 });
    } else if (character === CLOSE_BRACE || character === CLOSE_BRACKET) {
      stack.pop();
    } else if (character === COMMA && top !== undefined) {
      if (top.kind === 'object') top.expectingKey = true;
      else top.index += 1;
    }
    position += 1;
  }
  return null;
}

/** How a duplicate is named to the caller: `lines[2].sku`, or `sku` at the top level. */
export function duplicateKeyPath(duplicate: DuplicateKey): string {
  return duplicate.path === '' ? duplicate.key : `${duplicate.path}.${duplicate.key}`;
}

function childPath(parent: Frame): string {
  if (parent.kind === 'array') return `${parent.path}[${parent.index}]`;
  return parent.path === '' ? parent.member : `${parent.path}.${parent.member}`;
}

/** Index of the closing quote of the string opening at `start`, or -1 when it never closes. */
function endOfString(text: string, start: number): number {
  let position = start + 1;
  for (;;) {
    const quote = text.indexOf('"', position);
    if (quote < 0) return -1;
    // The quote is escaped when an odd number of backslashes precede it.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    position = quote + 1;
  }
}

/** The key as JSON.parse reads it; most keys have no escape and are taken as they stand. */
function decodeString(text: string, start: number, end: number): string | undefined {
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    const decoded: unknown = JSON.parse(text.slice(start, end + 1));
    return typeof decoded === 'string' ? decoded : undefined;
  } catch {
    return undefined;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
