// Which side of an as-of time to sum a key's movements from. Stock as of a time equals the
// movements dated up to it, and also the current balance less the movements dated after it; the
// answer is the same, the work is the movements read. Without counting them first, the key's
// first and last business times tell which side is likely shorter, assuming its movements spread
// evenly over that span (the usual question, "what did we hold yesterday", is near the end).

export type AsOfSide = 'sum-up-to' | 'balance-less-after';

export function shorterSide(firstMovementAt: number, lastMovementAt: number, asOf: number): AsOfSide {
  if (asOf >= lastMovementAt) return 'balance-less-after';
  if (asOf < firstMovementAt) return 'sum-up-to';
  return asOf - firstMovementAt <= lastMovementAt - asOf ? 'sum-up-to' : 'balance-less-after';
}
