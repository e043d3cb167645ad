import { TOPICS, decodeEvent } from '@ledgerline/contracts';
import type { SuggestionRecord } from '../persistence/suggestion-sql';
import { suggestionEvent } from './suggestion-evaluator';

const record: SuggestionRecord = {
  suggestionId: 'rs-4a1b',
  sku: 'COFFEE-1KG',
  locationId: 'S1',
  state: 'open',
  lastStatus: 'open',
  revision: 1,
  stockPosition: 35,
  reorderPoint: 42,
  safetyStock: 12,
  orderQuantity: 288,
  forecastDailyDemand: 11.2,
  leadTimeDays: 2.75,
  method: 'holt-winters',
  reason: 'Stock position 35 fell to the reorder point 42',
  raisedAt: '2025-03-01T09:30:00.000Z',
  updatedAt: '2025-03-01T09:30:00.000Z',
  clearedAt: null,
};

describe('suggestion events', () => {
  it('builds a contract-valid envelope keyed by the stock key, with an id per suggestion revision', () => {
    const event = suggestionEvent(record, { eventId: 'stock-changed:m1', correlationId: 'pos-tx-1' });
    expect(event).toMatchObject({ eventId: 'reorder-suggestion:rs-4a1b:1', topic: TOPICS.reorderSuggestions.name, key: 'COFFEE-1KG@S1' });
    const decoded = decodeEvent(TOPICS.reorderSuggestions, JSON.stringify(event.value));
    expect(decoded.ok).toBe(true);
    expect(decoded.ok && decoded.value).toMatchObject({ causationId: 'stock-changed:m1', correlationId: 'pos-tx-1', payload: { status: 'open', orderQuantity: 288 } });
  });

  it('gives a cleared revision its own event id', () => {
    const cleared = suggestionEvent({ ...record, state: 'cleared', lastStatus: 'cleared', revision: 2, orderQuantity: 0, stockPosition: 323 });
    expect(cleared.eventId).toBe('reorder-suggestion:rs-4a1b:2');
    expect(cleared.value).toMatchObject({ causationId: null, payload: { status: 'cleared', orderQuantity: 0 } });
  });
});
