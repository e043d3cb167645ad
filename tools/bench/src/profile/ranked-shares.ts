// What both profile summaries print: amounts by name, largest first, each with its share.

export interface Share {
  name: string;
  /** In the profile's unit: microseconds of CPU, or bytes allocated. */
  amount: number;
  percent: number;
}

/** The `top` largest entries, largest first, each with its share of `total`. */
export function rankShares(entries: ReadonlyMap<string, number>, total: number, top: number): Share[] {
  return [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, amount]) => ({ name, amount, percent: (100 * amount) / total }));
}

export function printShares(title: string, shares: readonly Share[], formatAmount: (amount: number) => string): void {
  process.stdout.write(`\n${title}\n`);
  for (const share of shares) process.stdout.write(`${share.percent.toFixed(1).padStart(6)} %  ${formatAmount(share.amount).padStart(12)}  ${share.name}\n`);
}
