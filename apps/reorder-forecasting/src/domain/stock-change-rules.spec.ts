import { FORECASTING_MESSAGE_ERRORS, stockChangeRuleViolation } from './stock-change-rules';

describe('stock change rules', () => {
  const appliedAt = '2025-03-02T10:00:00.000Z';

  it('accepts a change that happened before it was applied, or up to a day after by a skewed clock', () => {
    expect(stockChangeRuleViolation({ occurredAt: '2025-02-01T10:00:00.000Z', appliedAt })).toBeNull();
    expect(stockChangeRuleViolation({ occurredAt: '2025-03-03T10:00:00.000Z', appliedAt })).toBeNull();
  });

  it('refuses a change dated more than a day after the ledger applied it, naming the field and the gap', () => {
    expect(stockChangeRuleViolation({ occurredAt: '2025-03-04T11:00:00.000Z', appliedAt })).toEqual({
      reasonCode: 'FORECASTING.OCCURRED_AFTER_APPLIED',
      reason: expect.stringContaining('after the ledger applied it'),
      errors: [{ path: 'payload.occurredAt', message: 'payload.occurredAt is 49 hours after payload.appliedAt (at most 24 are tolerated)' }],
    });
  });

  it('names every reason a stock change is dead-lettered for, the contract failures included', () => {
    expect(FORECASTING_MESSAGE_ERRORS).toEqual(['CONTRACT.EMPTY_VALUE', 'CONTRACT.INVALID_ENCODING', 'CONTRACT.MALFORMED_JSON', 'CONTRACT.VALIDATION_FAILED', 'FORECASTING.OCCURRED_AFTER_APPLIED']);
  });
});
