import { TOPICS } from '@ledgerline/contracts';
import { prefixedTopic, replayTopicOf } from '@ledgerline/messaging';
import { FORECASTING_REPLAY_ROUTES } from './replay-routes';

describe('FORECASTING_REPLAY_ROUTES', () => {
  it("replays a refused stock change to the service's own replay topic, never to the ledger's stock-changed", () => {
    for (const prefix of ['', 'staging']) {
      const replayed = replayTopicOf(prefixedTopic(prefix, TOPICS.stockChanged.name), FORECASTING_REPLAY_ROUTES);
      expect(replayed).toBe(prefixedTopic(prefix, TOPICS.forecastingStockChangedReplay.name));
    }
  });

  it('replays a corrected replay that was refused again to the replay topic', () => {
    const replayTopic = prefixedTopic('staging', TOPICS.forecastingStockChangedReplay.name);
    expect(replayTopicOf(replayTopic, FORECASTING_REPLAY_ROUTES)).toBe(replayTopic);
  });
});
