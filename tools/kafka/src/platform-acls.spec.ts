import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPIC_LIST, TOPICS } from '@ledgerline/contracts';
import { GroupPrefixArgumentError, PLATFORM_PRINCIPALS, parseGroupPrefixes, platformAcls, writersOf, type AclGrant } from './platform-acls';

const grants = platformAcls();
const topicsWritten = (principal: string, list: readonly AclGrant[] = grants) =>
  list.filter((grant) => grant.principal === principal && grant.resource === 'TOPIC' && grant.operation === 'WRITE').map((grant) => grant.name).sort();

describe('platformAcls', () => {
  it('lets only the ledger write stock-changed, stock-levels and alerts', () => {
    expect(writersOf(grants, TOPICS.stockChanged.name)).toEqual(['inventory-ledger']);
    expect(writersOf(grants, TOPICS.stockLevels.name)).toEqual(['inventory-ledger']);
    expect(writersOf(grants, TOPICS.alerts.name)).toEqual(['inventory-ledger']);
  });

  it('lets pos-ingestion write movements and its own topics, and an ERP movements, the catalog and reservation requests only', () => {
    expect(topicsWritten('pos-ingestion')).toEqual([TOPICS.inventoryMovements.name, TOPICS.posTransactionsDeadLetter.name, TOPICS.posTransactionsRaw.name].sort());
    expect(topicsWritten('erp')).toEqual([TOPICS.catalogItems.name, TOPICS.catalogLocations.name, TOPICS.inventoryMovements.name, TOPICS.purchaseOrderCosts.name, TOPICS.reservationRequests.name].sort());
    expect(topicsWritten('wms')).toEqual([TOPICS.inventoryMovements.name]);
    expect(topicsWritten('pos')).toEqual([TOPICS.posTransactionsRaw.name]);
    expect(topicsWritten('reorder-forecasting')).toEqual([TOPICS.forecastingStockChangedDeadLetter.name, TOPICS.forecastingStockChangedReplay.name, TOPICS.reorderSuggestions.name].sort());
    expect(topicsWritten('ops-dashboard')).toEqual([]);
  });

  it('grants writes only to the producers the contracts declare, and to every declared producer with a principal', () => {
    // The writes the contracts do not list: replaying a dead letter to the topic it came from, a POS
    // transaction's by pos-ingestion and a purchase order cost's by the ledger.
    const replays = [
      { principal: 'pos-ingestion', topic: TOPICS.posTransactionsRaw.name },
      { principal: 'inventory-ledger', topic: TOPICS.purchaseOrderCosts.name },
    ];
    for (const topic of TOPIC_LIST) {
      const declared = topic.producers.filter((producer) => (PLATFORM_PRINCIPALS as readonly string[]).includes(producer)).sort();
      const granted = writersOf(grants, topic.name).filter((principal) => !replays.some((replay) => principal === replay.principal && topic.name === replay.topic)).sort();
      expect({ topic: topic.name, writers: granted }).toEqual({ topic: topic.name, writers: declared });
    }
  });

  it("keeps reorder-forecasting's replays of stock changes to itself: it alone writes and reads them, the dashboard only sees their offsets", () => {
    const replay = TOPICS.forecastingStockChangedReplay.name;
    expect(writersOf(grants, replay)).toEqual(['reorder-forecasting']);
    expect(writersOf(grants, TOPICS.stockChanged.name)).not.toContain('reorder-forecasting');
    const onReplay = (operation: string) => [...new Set(grants.filter((grant) => grant.resource === 'TOPIC' && grant.name === replay && grant.operation === operation).map((grant) => grant.principal))];
    expect(onReplay('READ')).toEqual(['reorder-forecasting']);
    expect(onReplay('CREATE')).toEqual(['reorder-forecasting']);
    expect(onReplay('DESCRIBE').sort()).toEqual(['ops-dashboard', 'reorder-forecasting']);
  });

  it('lets pos-ingestion read stock-changed and the catalog in the groups of its followers (counting signals, shipments and receipts the ledger applied, catalog copy)', () => {
    const posReads = grants.filter((grant) => grant.principal === 'pos-ingestion' && grant.operation === 'READ');
    for (const topic of [TOPICS.stockChanged.name, TOPICS.catalogItems.name, TOPICS.catalogLocations.name]) {
      expect(posReads).toContainEqual({ principal: 'pos-ingestion', resource: 'TOPIC', name: topic, pattern: 'LITERAL', operation: 'READ' });
    }
    const groups = grants.filter((grant) => grant.principal === 'pos-ingestion' && grant.resource === 'GROUP');
    for (const groupId of ['pos-ingestion-count-signals', 'pos-ingestion-ledger-transfers', 'pos-ingestion-catalog-items', 'pos-ingestion-catalog-locations']) {
      // READ to consume; DESCRIBE to read the group's committed offsets (lag).
      for (const operation of ['READ', 'DESCRIBE']) {
        expect(groups.some((grant) => grant.pattern === 'PREFIXED' && grant.operation === operation && groupId.startsWith(grant.name))).toBe(true);
      }
    }
  });

  it('names topics and groups for a deployment prefix', () => {
    const prefixed = platformAcls({ topicPrefix: 'staging' });
    expect(writersOf(prefixed, `staging.${TOPICS.stockLevels.name}`)).toEqual(['inventory-ledger']);
    expect(writersOf(prefixed, TOPICS.stockLevels.name)).toEqual([]);
    expect(prefixed).toContainEqual({ principal: 'ops-dashboard', resource: 'GROUP', name: 'staging.ops-dashboard-view', pattern: 'PREFIXED', operation: 'READ' });
    const groups = platformAcls({ groupPrefixes: { 'inventory-ledger': ['ledger-blue'] } }).filter((grant) => grant.principal === 'inventory-ledger' && grant.resource === 'GROUP');
    expect(groups.map((grant) => `${grant.name}:${grant.operation}`)).toEqual(['ledger-blue:READ', 'ledger-blue:DESCRIBE']);
  });

  it('grants no creation when topics are made ahead of time, and never grants anything on every topic', () => {
    expect(platformAcls({ allowCreate: false }).filter((grant) => grant.operation === 'CREATE')).toEqual([]);
    expect(grants.filter((grant) => grant.resource === 'TOPIC' && (grant.name === '*' || grant.pattern === 'PREFIXED'))).toEqual([]);
    // The dashboard may look at every group's offsets (for lag), and nobody may read every group.
    expect(grants.filter((grant) => grant.resource === 'GROUP' && grant.name === '*')).toEqual([
      { principal: 'ops-dashboard', resource: 'GROUP', name: '*', pattern: 'LITERAL', operation: 'DESCRIBE' },
    ]);
  });

  it('covers exactly the principals the brokers create credentials for', () => {
    const listed = readFileSync(join(__dirname, '..', 'principals.txt'), 'utf8')
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean);
    expect(listed.filter((principal) => principal !== 'admin').sort()).toEqual([...PLATFORM_PRINCIPALS].sort());
  });
});

describe('parseGroupPrefixes', () => {
  it('collects the prefixes given for each principal, in order', () => {
    expect(parseGroupPrefixes(['inventory-ledger=run-7-ledger', 'pos-ingestion=run-7-pos', 'inventory-ledger=ledger-blue'])).toEqual({
      'inventory-ledger': ['run-7-ledger', 'ledger-blue'],
      'pos-ingestion': ['run-7-pos'],
    });
    expect(parseGroupPrefixes([])).toEqual({});
  });

  it('refuses an unknown principal and a value without a prefix, naming the argument', () => {
    expect(() => parseGroupPrefixes(['ledger=run-7'])).toThrow(GroupPrefixArgumentError);
    expect(() => parseGroupPrefixes(['ledger=run-7'])).toThrow('"ledger" is not one of pos, pos-ingestion');
    expect(() => parseGroupPrefixes(['inventory-ledger='])).toThrow('--group-prefix "inventory-ledger=": expected principal=prefix');
    expect(() => parseGroupPrefixes(['inventory-ledger'])).toThrow('expected principal=prefix');
  });
});
