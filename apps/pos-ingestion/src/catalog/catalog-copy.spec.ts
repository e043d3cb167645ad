import { partitionsBehind } from './catalog-copy';

describe('partitionsBehind', () => {
  it('counts a partition applied once its group committed up to the end, or when it holds nothing', () => {
    expect(
      partitionsBehind([
        { partition: 0, low: '0', high: '12', committed: '12' },
        { partition: 1, low: '0', high: '0', committed: '-1' },
        { partition: 2, low: '40', high: '40', committed: '-1' },
      ]),
    ).toEqual([]);
  });

  it('names a partition whose group committed short of the end, or nothing yet', () => {
    expect(
      partitionsBehind([
        { partition: 0, low: '0', high: '12', committed: '11' },
        { partition: 1, low: '3', high: '5', committed: '-1' },
        { partition: 2, low: '0', high: '9007199254740993', committed: '9007199254740992' },
      ]),
    ).toEqual([0, 1, 2]);
  });
});
