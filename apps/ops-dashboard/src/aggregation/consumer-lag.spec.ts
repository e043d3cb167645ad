import { groupLag, recordsWritten, topicLag } from './consumer-lag';

const ends = [
  { partition: 0, low: '0', high: '100' },
  { partition: 1, low: '10', high: '50' },
  { partition: 2, low: '0', high: '0' },
];

describe('topicLag', () => {
  it('is the end offset minus the committed offset, summed over partitions', () => {
    expect(topicLag('t', ends, [{ partition: 0, offset: '90' }, { partition: 1, offset: '50' }, { partition: 2, offset: '0' }])).toEqual({ topic: 't', lag: 10, partitions: 3 });
  });

  it('counts a partition without a commit from the start of its log', () => {
    expect(topicLag('t', ends, [{ partition: 0, offset: '100' }, { partition: 1, offset: '-1' }]).lag).toBe(40);
  });

  it('never goes negative when a commit is ahead of the end offset it was compared with', () => {
    expect(topicLag('t', [{ partition: 0, low: '0', high: '5' }], [{ partition: 0, offset: '7' }]).lag).toBe(0);
  });
});

describe('groupLag', () => {
  it('sums topics and lists the most lagging first', () => {
    const lag = groupLag('ledger', [{ topic: 'a', lag: 3, partitions: 1 }, { topic: 'b', lag: 30, partitions: 1 }]);
    expect(lag.lag).toBe(33);
    expect(lag.topics.map((topic) => topic.topic)).toEqual(['b', 'a']);
  });
});

describe('recordsWritten', () => {
  it('sums the end offsets', () => {
    expect(recordsWritten(ends)).toBe(150);
  });
});
