import { TOPICS, createEnvelope, encodeEvent, stockChangedV1Example } from '@ledgerline/contracts';
import { mayBeOfKinds } from './stock-changed-following';

const eventText = (kind: string, movementId = 'm-1') =>
  Buffer.from(encodeEvent(TOPICS.stockChanged, createEnvelope(TOPICS.stockChanged, { ...stockChangedV1Example, kind, movementId } as typeof stockChangedV1Example, { producer: 'inventory-ledger', occurredAt: stockChangedV1Example.occurredAt })).value as string);

describe('mayBeOfKinds', () => {
  const transfers = ['transfer-out', 'transfer-shipped', 'transfer-in'];

  it('passes over an event of another kind and keeps one of the kinds asked', () => {
    expect(mayBeOfKinds(eventText('sale'), transfers)).toBe(false);
    expect(mayBeOfKinds(eventText('receipt'), transfers)).toBe(false);
    expect(mayBeOfKinds(eventText('transfer-in'), transfers)).toBe(true);
    expect(mayBeOfKinds(eventText('transfer-shipped'), transfers)).toBe(true);
  });

  it('keeps for decoding what it cannot rule out: the kind written with escapes, a kind named elsewhere in the text, no value', () => {
    expect(mayBeOfKinds(Buffer.from(eventText('sale').toString().replace('"kind":"sale"', '"kind":"transfer\\u002din"')), transfers)).toBe(true);
    expect(mayBeOfKinds(eventText('sale', 'transfer-in'), transfers)).toBe(true);
    expect(mayBeOfKinds(null, transfers)).toBe(true);
  });
});
