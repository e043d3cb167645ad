import { partitionsBehind } from './partition-progress';

describe('partitionsBehind', () => {
  it('counts a partition applied once the reader applied it up to the end, or when it holds nothing', () => {
    expect(
      partitionsBehind([
        { partition: 0, low: '0', high: '12', applied: '12' },
        { partition: 1, low: '0', high: '0', applied: '-1' },
        { partition: 2, low: '40', high: '40', applied: '-1' },
      ]),
    ).toEqual([]);
  });

  it('names a partition the reader applied short of the end, or not at all yet', () => {
    expect(
      partitionsBehind([
        { partition: 0, low: '0', high: '12', applied: '11' },
        { partition: 1, low: '3', high: '5', applied: '-1' },
        { partition: 2, low: '0', high: '9007199254740993', applied: '9007199254740992' },
      ]),
    ).toEqual([0, 1, 2]);
  });
});
