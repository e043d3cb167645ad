import { coverRankingSlices } from './cover-ranking';

describe('coverRankingSlices', () => {
  it('reads a page within the keys with a days of cover from them alone', () => {
    expect(coverRankingSlices(0, 50, 120)).toEqual({ covered: { offset: 0, limit: 50 }, uncovered: { offset: 0, limit: 0 } });
    expect(coverRankingSlices(50, 50, 120)).toEqual({ covered: { offset: 50, limit: 50 }, uncovered: { offset: 0, limit: 0 } });
  });

  it('continues a page that straddles the groups with the first keys without one', () => {
    expect(coverRankingSlices(100, 50, 120)).toEqual({ covered: { offset: 100, limit: 20 }, uncovered: { offset: 0, limit: 30 } });
  });

  it('reads a page past them from the keys without one, offset by how many had one', () => {
    expect(coverRankingSlices(150, 50, 120)).toEqual({ covered: { offset: 0, limit: 0 }, uncovered: { offset: 30, limit: 50 } });
    expect(coverRankingSlices(0, 50, 0)).toEqual({ covered: { offset: 0, limit: 0 }, uncovered: { offset: 0, limit: 50 } });
  });

  it('never asks more rows than the page holds', () => {
    for (const [offset, withCover] of [[0, 0], [10, 10], [49, 50], [7, 1_000], [1_000, 7]] as const) {
      const { covered, uncovered } = coverRankingSlices(offset, 50, withCover);
      expect(covered.limit + uncovered.limit).toBe(50);
      expect(covered.limit).toBeGreaterThanOrEqual(0);
    }
  });
});
