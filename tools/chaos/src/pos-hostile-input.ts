// Hostile POS submissions as fast-check arbitraries: each one is the raw text a till or an
// attacker could send, with the answer pos-ingestion owes it (status and code over HTTP, reason
// code over Kafka) and the field that answer must name. Built around a valid sale, so exactly one
// thing is wrong with each.
import fc from 'fast-check';
import { MAX_POS_LINE_QUANTITY } from '@ledgerline/contracts';

export interface HostileCase {
  kind: string;
  /** The request body / record value exactly as sent. */
  text: string;
  httpStatus: number;
  code: string;
  /** What the refusal over Kafka says; the HTTP code unless the channel differs. */
  kafkaCode?: string;
  /** The field the refusal names; undefined where there is none (unreadable JSON, a body too large). */
  path?: string;
}

export interface HostileContext {
  storeId: string;
  /** Registered nowhere, but shaped like a store id. */
  unknownStoreId: string;
  /** The intake's HTTP_BODY_LIMIT in bytes. */
  bodyLimitBytes: number;
  nextTransactionId(): string;
}

const FIELDS = ['transactionId', 'storeId', 'terminalId', 'occurredAt', 'currency', 'type', 'lines'] as const;
const KNOWN_KEYS = new Set<string>([...FIELDS, 'attributes', 'voidsTransactionId', 'lineNumber', 'sku', 'quantity', 'unitPrice']);
/** Stands in for a number JSON.stringify cannot write (beyond 2^53, exponent notation). */
const RAW_NUMBER = '"@@raw-number@@"';

function validSale(context: HostileContext, minutesAgo = 1): Record<string, unknown> {
  return {
    transactionId: context.nextTransactionId(),
    storeId: context.storeId,
    terminalId: 'T01',
    occurredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    type: 'sale',
    currency: 'EUR',
    lines: [{ lineNumber: 1, sku: 'COFFEE-1KG', quantity: 2, unitPrice: '2.5000' }],
  };
}

const wrongValue = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }));
const controlCharacter = fc.integer({ min: 0, max: 0x9f }).filter((code) => code < 0x20 || code >= 0x7f).map((code) => String.fromCharCode(code));
const extraKey = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,15}$/).filter((key) => !KNOWN_KEYS.has(key));

export function hostileCases(context: HostileContext): fc.Arbitrary<HostileCase> {
  const json = (body: Record<string, unknown>) => JSON.stringify(body);
  const refused = (kind: string, text: string, path: string, code = 'INTAKE.VALIDATION_FAILED'): HostileCase => ({ kind, text, httpStatus: 422, code, path });

  const malformed = fc
    .oneof(
      fc.constant('{"transactionId": "T-x", '),
      fc.string({ maxLength: 40 }).map((text) => `{${text}`),
      fc.constantFrom('{"a":1,}', "{'a':1}", '{"a":NaN}', '[1,2', '{"a":"\\x00"}', 'undefined', '{"a":01}'),
    )
    // '{' + '}' and the like are valid JSON after all: those belong to other cases.
    .filter((text) => !parsesAsJson(text))
    .map((text): HostileCase => ({ kind: 'malformed JSON', text, httpStatus: 400, code: 'INTAKE.MALFORMED_JSON' }));

  const oversized = fc.integer({ min: 1, max: 4 }).map((factor): HostileCase => {
    const body = { ...validSale(context), attributes: { note: 'x'.repeat(context.bodyLimitBytes * factor) } };
    return { kind: 'oversized', text: json(body), httpStatus: 413, code: 'HTTP.PAYLOAD_TOO_LARGE', kafkaCode: 'INTAKE.VALIDATION_FAILED' };
  });

  const wrongType = fc.tuple(fc.constantFrom(...FIELDS), wrongValue).map(([field, value]) => refused('wrong type', json({ ...validSale(context), [field]: value }), field));

  const badQuantity = fc
    .oneof(
      fc.constantFrom(0, -1, MAX_POS_LINE_QUANTITY + 1, 2.5, 1e-7, Number.MAX_SAFE_INTEGER).map((quantity) => JSON.stringify(quantity)),
      fc.integer({ min: -1_000_000, max: 0 }).map(String),
      fc.integer({ min: MAX_POS_LINE_QUANTITY + 1 }).map(String),
      fc.double({ min: 0, max: MAX_POS_LINE_QUANTITY, noInteger: true, noNaN: true }).filter((quantity) => quantity > 0).map(String),
      // Beyond 2^53: JSON.parse rounds these silently, the contract must still refuse them.
      fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 80n }).map(String),
      fc.constantFrom('1e400', '-1e400', '1e21', '9007199254740993', '1.0000000000000002'),
    )
    .map((quantity) => {
      const sale = validSale(context);
      const text = json({ ...sale, lines: [{ lineNumber: 1, sku: 'COFFEE-1KG', quantity: '@@raw-number@@', unitPrice: '2.5000' }] }).replace(RAW_NUMBER, quantity);
      return refused('bad quantity', text, 'lines[0].quantity');
    });

  const garbageSku = fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 80 }).filter((sku) => !/^[A-Za-z0-9](?:[A-Za-z0-9._\-/#+: ]{0,62}[A-Za-z0-9._\-/#+:])?$/.test(sku)),
      fc.constantFrom('', ' SKU', 'SKU@S1', '../../etc/passwd', "'; DROP TABLE pos_transaction; --", '<script>', 'A'.repeat(65)),
    )
    .map((sku) => refused('garbage SKU', json({ ...validSale(context), lines: [{ lineNumber: 1, sku, quantity: 1, unitPrice: '1.0000' }] }), 'lines[0].sku'));

  // Over HTTP the till hears the same as for any other store's id (it cannot probe which exist);
  // the Kafka intake, trusted at the topic level, says the store is unknown.
  const unknownStore = fc.constant(null).map(
    (): HostileCase => ({
      ...refused('unknown store', json({ ...validSale(context), storeId: context.unknownStoreId }), 'storeId'),
      httpStatus: 403,
      code: 'INTAKE.STORE_MISMATCH',
      kafkaCode: 'INTAKE.UNKNOWN_STORE',
    }),
  );

  // A key given twice would be read last-wins by JSON.parse: refused on both channels, naming it.
  const duplicateKey = fc.tuple(fc.constantFrom(...FIELDS), wrongValue).map(([field, value]): HostileCase => {
    const text = json(validSale(context));
    return { kind: 'duplicate key', text: `{${JSON.stringify(field)}:${JSON.stringify(value)},${text.slice(1)}`, httpStatus: 400, code: 'HTTP.DUPLICATE_KEY', kafkaCode: 'INTAKE.DUPLICATE_KEY', path: field };
  });

  const extraField = fc
    .tuple(extraKey, fc.jsonValue({ maxDepth: 2 }), fc.boolean())
    .map(([key, value, onLine]) => {
      const sale = validSale(context);
      if (!onLine) return refused('extra field', json({ ...sale, [key]: value }), key);
      return refused('extra line field', json({ ...sale, lines: [{ lineNumber: 1, sku: 'COFFEE-1KG', quantity: 1, unitPrice: '1.0000', [key]: value }] }), `lines[0].${key}`);
    });

  const farTime = fc
    .oneof(
      fc.integer({ min: 1, max: 2_000_000 }).map((days) => ({ at: new Date(Date.now() + days * 86_400_000).toISOString(), code: 'INTAKE.EVENT_TIME_IN_FUTURE' })),
      fc.integer({ min: 91, max: 600_000 }).map((days) => ({ at: new Date(Date.now() - days * 86_400_000).toISOString(), code: 'INTAKE.EVENT_TIME_TOO_OLD' })),
      fc.constantFrom('+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '2025-02-30T10:00:00Z', '2025-03-01T10:30:00').map((at) => ({ at, code: 'INTAKE.VALIDATION_FAILED' })),
    )
    .map(({ at, code }) => refused('far time', json({ ...validSale(context), occurredAt: at }), 'occurredAt', code));

  const deepNesting = fc.tuple(fc.integer({ min: 100, max: 5_000 }), fc.constantFrom('[', '{"a":')).map(([depth, opener]) => {
    const closer = opener === '[' ? ']' : '}';
    const nested = `${opener.repeat(depth)}1${closer.repeat(depth)}`;
    const text = json({ ...validSale(context), attributes: { note: '@@raw-number@@' } }).replace(RAW_NUMBER, nested);
    return refused('deep nesting', text, 'attributes.note');
  });

  const prototypeKeys = fc.constantFrom('__proto__', 'constructor', 'prototype').chain((key) =>
    fc.constantFrom(
      { where: 'top', key },
      { where: 'line', key },
      { where: 'attributes', key },
    ),
  ).map(({ where, key }) => {
    const sale = validSale(context);
    const pollution = `{"polluted":"yes","isAdmin":true,"prototype":{"polluted":"yes"}}`;
    const marker = `"@@pollution@@"`;
    if (where === 'top') return refused('prototype key', json({ ...sale, [`@@${key}@@`]: '@@pollution@@' }).replace(`"@@${key}@@":${marker}`, `"${key}":${pollution}`), key);
    if (where === 'line') {
      const text = json({ ...sale, lines: [{ lineNumber: 1, sku: 'COFFEE-1KG', quantity: 1, unitPrice: '1.0000', [`@@${key}@@`]: '@@pollution@@' }] }).replace(`"@@${key}@@":${marker}`, `"${key}":${pollution}`);
      return refused('prototype key', text, `lines[0].${key}`);
    }
    const text = json({ ...sale, attributes: { [`@@${key}@@`]: '@@pollution@@' } }).replace(`"@@${key}@@":${marker}`, `"${key}":${pollution}`);
    return refused('prototype key', text, `attributes.${key}`);
  });

  const controlCharacters = fc
    .tuple(fc.constantFrom('transactionId', 'terminalId', 'currency', 'sku', 'attribute'), controlCharacter, fc.nat({ max: 3 }))
    .map(([field, character, position]) => {
      const sale = validSale(context);
      const spliced = (value: string) => value.slice(0, position) + character + value.slice(position);
      if (field === 'sku') return refused('control character', json({ ...sale, lines: [{ lineNumber: 1, sku: spliced('COFFEE'), quantity: 1, unitPrice: '1.0000' }] }), 'lines[0].sku');
      if (field === 'attribute') return refused('control character', json({ ...sale, attributes: { note: spliced('thanks') } }), 'attributes.note');
      return refused('control character', json({ ...sale, [field]: spliced(String(sale[field])) }), field);
    });

  return fc.oneof(malformed, oversized, wrongType, badQuantity, garbageSku, unknownStore, duplicateKey, extraField, farTime, deepNesting, prototypeKeys, controlCharacters);
}

/** A valid sale: sent after the hostile ones, it must still be accepted. */
export function controlSale(context: HostileContext): string {
  return JSON.stringify(validSale(context));
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
