import { summariseHeapProfile, type HeapProfile } from './heap-profile-summary';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

describe('summariseHeapProfile', () => {
  const profile: HeapProfile = {
    head: {
      callFrame: frame('(root)', ''),
      selfSize: 0,
      children: [
        {
          callFrame: frame('groupMessages', 'file:///w/node_modules/kafkajs/src/producer/group.js', 4),
          selfSize: 600,
          children: [{ callFrame: frame('copyMovements', 'file:///w/apps/inventory-ledger/src/persistence/ledger-sql.ts', 158), selfSize: 300 }],
        },
        { callFrame: frame('groupMessages', 'file:///w/node_modules/kafkajs/src/producer/group.js', 4), selfSize: 100 },
      ],
    },
  };

  it('adds up the bytes each function and each area allocated, largest first', () => {
    const summary = summariseHeapProfile(profile);
    expect(summary.totalMegabytes).toBeCloseTo(0.001);
    expect(summary.byFunction).toEqual([
      { name: 'groupMessages kafkajs/src/producer/group.js:5', amount: 700, percent: 70 },
      { name: 'copyMovements apps/inventory-ledger/src/persistence/ledger-sql.ts:159', amount: 300, percent: 30 },
    ]);
    expect(summary.byArea.map((share) => [share.name, share.percent])).toEqual([
      ['kafkajs', 70],
      ['apps/inventory-ledger/persistence', 30],
    ]);
  });

  it('keeps only the top entries', () => {
    expect(summariseHeapProfile(profile, 1).byFunction).toHaveLength(1);
  });
});
