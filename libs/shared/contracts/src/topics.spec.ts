import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS, TOPIC_LIST, isTopicName, parseStockKey, skuSchema, stockKey, topicByName, validateContract } from './index';

const architecture = readFileSync(join(__dirname, '../../../../docs/architecture.md'), 'utf8');

/** Rows of the "Topics" table: | `name` | key | value | cleanup | */
function documentedTopics(): { name: string; cleanup: string }[] {
  return [...architecture.matchAll(/^\| `([a-z0-9.-]+)` \|[^|]*\|[^|]*\| (delete|compact) \|$/gm)].map((match) => ({
    name: match[1] ?? '',
    cleanup: match[2] ?? '',
  }));
}

describe('topic registry', () => {
  it('has exactly the topics of docs/architecture.md, with their cleanup policies', () => {
    const documented = documentedTopics();
    expect(documented).toHaveLength(16);
    expect(TOPIC_LIST.map((topic) => ({ name: topic.name, cleanup: topic.cleanupPolicy })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      documented.sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('names the version in every topic name, and envelopes everything but raw POS intake', () => {
    for (const topic of TOPIC_LIST) {
      expect(topic.name.endsWith(`.v${topic.version}`)).toBe(true);
      expect(topic.enveloped).toBe(topic.name !== 'pos.transactions.raw.v1');
    }
  });

  it('points the intake topics at dead-letter topics that exist', () => {
    expect(TOPICS.posTransactionsRaw.deadLetterTopic).toBe('pos.transactions.dead-letter.v1');
    expect(TOPICS.inventoryMovements.deadLetterTopic).toBe('inventory.movements.dead-letter.v1');
    for (const topic of TOPIC_LIST) {
      if (topic.deadLetterTopic !== null) expect(isTopicName(topic.deadLetterTopic)).toBe(true);
    }
  });

  it("carries stock-changed's events unchanged on reorder-forecasting's replay topic, keyed alike", () => {
    const replay = TOPICS.forecastingStockChangedReplay;
    expect(replay).toMatchObject({ eventType: TOPICS.stockChanged.eventType, payloadSchema: TOPICS.stockChanged.payloadSchema, producers: ['reorder-forecasting'], consumers: ['reorder-forecasting'] });
    const published = TOPICS.stockChanged.examples[0]!.value;
    expect(validateContract(replay.valueSchema, published).ok).toBe(true);
    expect(replay.keyOf(published.payload)).toBe(TOPICS.stockChanged.keyOf(published.payload));
    expect(replay.deadLetterTopic).toBe(TOPICS.forecastingStockChangedDeadLetter.name);
  });

  it('has at least one example per topic, each valid against the topic value schema', () => {
    for (const topic of TOPIC_LIST) {
      expect(topic.examples.length).toBeGreaterThan(0);
      for (const example of topic.examples) {
        const result = validateContract(topic.valueSchema, example.value);
        expect({ topic: topic.name, example: example.name, errors: result.ok ? [] : result.errors }).toEqual({ topic: topic.name, example: example.name, errors: [] });
      }
    }
  });

  it('keys each topic as the architecture says', () => {
    expect(TOPICS.inventoryMovements.keyOf(TOPICS.inventoryMovements.examples[0]!.value.payload)).toBe('COFFEE-1KG@S001');
    expect(TOPICS.posTransactionsRaw.keyOf(TOPICS.posTransactionsRaw.examples[0]!.value)).toBe('S001');
    expect(TOPICS.catalogItems.keyOf(TOPICS.catalogItems.examples[0]!.value.payload)).toBe('COFFEE-1KG');
    expect(TOPICS.catalogLocations.keyOf(TOPICS.catalogLocations.examples[0]!.value.payload)).toBe('S001');
    expect(TOPICS.posTransactionsDeadLetter.keyOf({ ...TOPICS.posTransactionsDeadLetter.examples[0]!.value.payload, originalKey: null })).toBeNull();
  });

  it('finds topics by name', () => {
    expect(topicByName('inventory.alerts.v1')).toBe(TOPICS.alerts);
    expect(isTopicName('inventory.alerts.v2')).toBe(false);
    expect(() => topicByName('nope' as 'inventory.alerts.v1')).toThrow('Unknown topic nope');
  });
});

describe('stockKey', () => {
  it('joins and splits sku and location', () => {
    expect(stockKey('COFFEE-1KG', 'S001')).toBe('COFFEE-1KG@S001');
    expect(parseStockKey('COFFEE-1KG@S001')).toEqual({ sku: 'COFFEE-1KG', locationId: 'S001' });
    expect(parseStockKey('loc@with@at')).toEqual({ sku: 'loc', locationId: 'with@at' });
    for (const malformed of ['', 'no-separator', '@S001', 'SKU@']) expect(parseStockKey(malformed)).toBeNull();
  });

  it('round-trips every valid sku with any location id', () => {
    const sku = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._\-/#+: ]{0,62}[A-Za-z0-9._\-/#+:]$/).filter((value) => validateContract(skuSchema, value).ok);
    const locationId = fc.stringMatching(/^[!-~]{1,64}$/);
    fc.assert(
      fc.property(sku, locationId, (skuValue, location) => {
        expect(parseStockKey(stockKey(skuValue, location))).toEqual({ sku: skuValue, locationId: location });
      }),
    );
  });
});
