// Which topics the dashboard reads into memory, and which of them only for their latest records.
import { TOPICS, TOPIC_LIST, type TopicName } from '@ledgerline/contracts';
import { prefixedTopic } from '@ledgerline/messaging';

/** Read from the beginning: compacted state, or small enough to read whole. */
export const STATE_TOPICS: readonly TopicName[] = [TOPICS.stockLevels.name, TOPICS.catalogItems.name, TOPICS.reorderSuggestions.name];
/** Read from near their end: only the latest records matter. */
export const TAIL_TOPICS: readonly TopicName[] = [TOPICS.alerts.name, TOPICS.posTransactionsDeadLetter.name, TOPICS.inventoryMovementsDeadLetter.name, TOPICS.forecastingStockChangedDeadLetter.name];

export class TopicNames {
  private readonly byPrefixed = new Map<string, TopicName>();

  constructor(readonly prefix: string) {
    for (const topic of TOPIC_LIST) this.byPrefixed.set(prefixedTopic(prefix, topic.name), topic.name);
  }

  prefixed(name: TopicName): string {
    return prefixedTopic(this.prefix, name);
  }

  /** The platform topic a broker topic name stands for, or undefined for anyone else's topic. */
  platformName(brokerTopic: string): TopicName | undefined {
    return this.byPrefixed.get(brokerTopic);
  }
}
