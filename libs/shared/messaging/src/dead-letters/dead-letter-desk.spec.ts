import { replayTopicOf } from './dead-letter-desk';

describe('replayTopicOf', () => {
  const routes = { 'inventory.stock-changed.v1': 'forecasting.stock-changed.replay.v1' };

  it("sends a routed topic's letters to the route, in the letter's own deployment prefix", () => {
    expect(replayTopicOf('inventory.stock-changed.v1', routes)).toBe('forecasting.stock-changed.replay.v1');
    expect(replayTopicOf('staging.inventory.stock-changed.v1', routes)).toBe('staging.forecasting.stock-changed.replay.v1');
    expect(replayTopicOf('run-7.blue.inventory.stock-changed.v1', routes)).toBe('run-7.blue.forecasting.stock-changed.replay.v1');
  });

  it('sends every other letter back to its original topic, the replay topic included', () => {
    expect(replayTopicOf('staging.forecasting.stock-changed.replay.v1', routes)).toBe('staging.forecasting.stock-changed.replay.v1');
    expect(replayTopicOf('pos.transactions.raw.v1', routes)).toBe('pos.transactions.raw.v1');
    expect(replayTopicOf('inventory.stock-changed.v1', {})).toBe('inventory.stock-changed.v1');
    // Only a whole topic name after the prefix matches.
    expect(replayTopicOf('staginginventory.stock-changed.v1', routes)).toBe('staginginventory.stock-changed.v1');
    expect(replayTopicOf('inventory.stock-changed.v10', routes)).toBe('inventory.stock-changed.v10');
  });
});
