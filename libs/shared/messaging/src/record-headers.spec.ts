import fc from 'fast-check';
import type { IHeaders } from 'kafkajs';
import { headerTexts } from './record-headers';

/** What the consumers read headers as before: Object.fromEntries over Object.entries. */
const viaEntries = (headers: IHeaders | undefined) => Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, value ? value.toString() : '']));

describe('headerTexts', () => {
  it('reads each header as text, in order, an absent value as empty', () => {
    const texts = headerTexts({ 'x-event-id': Buffer.from('stock-changed:m-1'), 'x-store-id': 'S001', empty: undefined, many: [Buffer.from('a'), 'b'] });
    expect(Object.entries(texts)).toEqual([['x-event-id', 'stock-changed:m-1'], ['x-store-id', 'S001'], ['empty', ''], ['many', 'a,b']]);
    expect(headerTexts(undefined)).toEqual({});
  });

  it('keeps a header named __proto__ as a header', () => {
    const headers = JSON.parse('{"__proto__":"x","a":"b"}') as IHeaders;
    const texts = headerTexts(headers);
    expect(Object.getPrototypeOf(texts)).toBe(Object.prototype);
    expect(Object.entries(texts)).toEqual([['__proto__', 'x'], ['a', 'b']]);
  });

  it('reads what Object.fromEntries over the entries read, names and order included (property)', () => {
    const name = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '0', '10', 'x-event-id'));
    const value = fc.oneof(fc.string().map((text) => Buffer.from(text)), fc.string(), fc.constant(undefined));
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 6 }), (headers) => {
        const texts = headerTexts(headers as IHeaders);
        expect(JSON.stringify(Object.entries(texts))).toBe(JSON.stringify(Object.entries(viaEntries(headers as IHeaders))));
        expect(Object.getPrototypeOf(texts)).toBe(Object.prototype);
      }),
    );
  });
});
