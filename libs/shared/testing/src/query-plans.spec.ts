import { tablesReadBy } from './query-plans';

describe('tablesReadBy', () => {
  // The shape node-postgres and TypeORM hand back for EXPLAIN (FORMAT JSON), trimmed.
  const explained = [
    {
      'QUERY PLAN': [
        {
          Plan: {
            'Node Type': 'Nested Loop',
            Plans: [
              { 'Node Type': 'Function Scan', Alias: 'k' },
              { 'Node Type': 'Index Scan', 'Relation Name': 'stock_balance', 'Index Name': 'stock_balance_pkey' },
              {
                'Node Type': 'Aggregate',
                'Subplan Name': 'InitPlan 1',
                Plans: [
                  { 'Node Type': 'Seq Scan', 'Relation Name': 'outbox' },
                  { 'Node Type': 'Index Scan', 'Relation Name': 'stock_balance' },
                ],
              },
            ],
          },
        },
      ],
    },
  ];

  it('names each table read by nodes of the type asked, sub-plans included, once', () => {
    expect(tablesReadBy(explained, 'Index Scan')).toEqual(['stock_balance']);
    expect(tablesReadBy(explained, 'Seq Scan')).toEqual(['outbox']);
    expect(tablesReadBy(explained, 'Hash Join')).toEqual([]);
  });

  it('reads nothing from what is not a plan', () => {
    expect(tablesReadBy(null, 'Seq Scan')).toEqual([]);
    expect(tablesReadBy('Seq Scan', 'Seq Scan')).toEqual([]);
  });
});
