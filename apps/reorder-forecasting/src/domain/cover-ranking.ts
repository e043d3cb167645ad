// A location's keys ranked by days of cover, a page at a time: the keys with a days of cover
// first, in the direction asked, then the keys without one (no fit, or no demand forecast) by SKU,
// whichever the direction, so "runs out soonest" and "lasts longest" both end with the unknown.
// A page may straddle the two groups; each group is read from its own ordered index range.

export interface RankingSlice {
  readonly offset: number;
  readonly limit: number;
}

/** Which part of each group a page (offset, limit) covers, given how many keys have a days of cover. */
export function coverRankingSlices(offset: number, limit: number, withCover: number): { covered: RankingSlice; uncovered: RankingSlice } {
  const coveredLimit = Math.max(0, Math.min(limit, withCover - offset));
  return {
    covered: { offset: coveredLimit > 0 ? offset : 0, limit: coveredLimit },
    uncovered: { offset: Math.max(0, offset - withCover), limit: limit - coveredLimit },
  };
}
