import { reorderSuggestionV1Example, reorderSuggestionV1Schema } from '../../index';
import { expectRejectedAt, expectValid, without } from '../../test-support/contract-assertions';

const suggestion = reorderSuggestionV1Example;

describe('reorder-suggestion v1', () => {
  it('accepts the example and a cleared suggestion', () => {
    expectValid(reorderSuggestionV1Schema, suggestion);
    expectValid(reorderSuggestionV1Schema, { ...suggestion, status: 'cleared', orderQuantity: 0, stockPosition: -4 });
  });

  it('rejects bad statuses, negative or fractional quantities and non-finite estimates', () => {
    expectRejectedAt(reorderSuggestionV1Schema, { ...suggestion, status: 'closed' }, ['status']);
    expectRejectedAt(reorderSuggestionV1Schema, { ...suggestion, orderQuantity: -1, reorderPoint: 2.5 }, ['orderQuantity', 'reorderPoint']);
    expectRejectedAt(reorderSuggestionV1Schema, { ...suggestion, forecastDailyDemand: -0.1 }, ['forecastDailyDemand']);
    expectRejectedAt(reorderSuggestionV1Schema, { ...suggestion, leadTimeDays: Number.POSITIVE_INFINITY }, ['leadTimeDays']);
    expectRejectedAt(reorderSuggestionV1Schema, without(suggestion, 'method'), ['method']);
  });
});
