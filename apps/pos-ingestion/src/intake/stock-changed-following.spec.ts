import fc from 'fast-check';
import { TOPICS, createEnvelope, encodeEvent, stockChangedV1Example } from '@ledgerline/contracts';
import { mayBeOfKinds } from './stock-changed-following';

const eventText = (kind: string, movementId = 'm-1') =>
  Buffer.from(encodeEvent(TOPICS.stockChanged, createEnvelope(TOPICS.stockChanged, { ...stockChangedV1Example, kind, movementId } as typeof stockChangedV1Example, { producer: 'inventory-ledger', occurredAt: stockChangedV1Example.occurredAt })).value as string);

describe('mayBeOfKinds', () => {
  const transfers = mayBeOfKinds(['transfer-out', 'transfer-shipped', 'transfer-in']);

  it('passes over an event of another kind and keeps one of the kinds asked', () => {
    expect(transfers(eventText('sale'))).toBe(false);
    expect(transfers(eventText('receipt'))).toBe(false);
    expect(transfers(eventText('transfer-in'))).toBe(true);
    expect(transfers(eventText('transfer-shipped'))).toBe(true);
  });

  it('keeps for decoding what it cannot rule out: the kind written with escapes, a kind named elsewhere in the text, no value', () => {
    expect(transfers(Buffer.from(eventText('sale').toString().replace('"kind":"sale"', '"kind":"transfer\\u002din"')))).toBe(true);
    expect(transfers(eventText('sale', 'transfer-in'))).toBe(true);
    expect(transfers(null)).toBe(true);
  });

  it('finds exactly what a search of the bytes for \\u and for each quoted kind finds, whatever the bytes and kinds (property)', () => {
    const kindText = fc.oneof(fc.constantFrom('sale', 'transfer-in', 'a.b', 'x|y', '(z)', 'é', '\\'), fc.string({ unit: 'binary', maxLength: 4 }));
    const pieces = fc.oneof(kindText.map((kind) => `"${kind}"`), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('\\u', '\\', '"', 'é'));
    fc.assert(
      fc.property(fc.array(kindText, { maxLength: 4 }), fc.array(pieces, { maxLength: 8 }), (kinds, parts) => {
        const value = Buffer.from(parts.join(''), 'utf8');
        const bytesHold = value.includes('\\u') || kinds.some((kind) => value.includes(`"${kind}"`));
        expect(mayBeOfKinds(kinds)(value)).toBe(bytesHold);
      }),
      { numRuns: 3_000 },
    );
  });
});
