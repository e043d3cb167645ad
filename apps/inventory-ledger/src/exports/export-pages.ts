// Pages of the exports and reports read down an index in (location, SKU) order, and what their
// rows share: a keyset walk that asks for the page after the last row it gave, and the average
// cost of a past figure.
import { divideHalfEven, formatMoney, parseMoney } from '@ledgerline/money';
import type { BalanceKey } from './export-sql';

/** Reads page after page, each after the last key of the one before, until one comes back empty. */
export async function* keysetPages<Row extends BalanceKey>(read: (after: BalanceKey | undefined) => Promise<Row[]>): AsyncGenerator<Row[]> {
  let after: BalanceKey | undefined;
  for (;;) {
    const page = await read(after);
    const last = page.at(-1);
    if (last === undefined) return;
    yield page;
    after = { locationId: last.locationId, sku: last.sku };
  }
}

export async function* mapPages<From, To>(pages: AsyncIterable<From[]>, map: (row: From) => To): AsyncGenerator<To[]> {
  for await (const page of pages) yield page.map(map);
}

/** Value per unit on hand, half to even to a ten-thousandth; null when none are on hand. */
export function averageOf(value: string, onHand: string): string | null {
  const units = BigInt(onHand);
  return units > 0n ? formatMoney(divideHalfEven(parseMoney(value), units)) : null;
}
