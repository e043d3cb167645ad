/**
 * Turns dated demand contributions into one daily series per stock code over a shared calendar.
 * Calendar decisions for the online retailer:
 * - the shop never trades on Saturdays, and some days (Christmas, bank holidays) have no invoice
 *   at all: those are marked closed. Closed days are censored periods for the forecasting
 *   library (demand unknown, not zero), so the weekly period stays 7 and a Saturday never drags
 *   the level down; backtest errors are measured on open days only;
 * - a day's net demand (sales minus returns) below zero is floored at zero: a return of an
 *   earlier sale goes back to stock, it is not negative demand tomorrow;
 * - an item's series starts at its first sale: before that it was not in the catalogue.
 */

export interface DailyDemandSeries {
  readonly id: string;
  /** ISO date of values[0]. */
  readonly firstDay: string;
  readonly values: Float64Array;
  /** 1 where the shop was closed (censored), else 0. */
  readonly closed: Uint8Array;
}

const MS_PER_DAY = 86_400_000;
const SATURDAY = 6;

/** Days since 1970-01-01 for an ISO date or timestamp starting `YYYY-MM-DD`. */
export function dayNumber(isoDateTime: string): number {
  const year = Number(isoDateTime.slice(0, 4));
  const month = Number(isoDateTime.slice(5, 7));
  const day = Number(isoDateTime.slice(8, 10));
  const millis = Date.UTC(year, month - 1, day);
  if (!Number.isFinite(millis) || isoDateTime.charAt(4) !== '-') {
    throw new Error(`DATA.INVALID_DATE: expected YYYY-MM-DD..., got "${isoDateTime}"`);
  }
  return Math.round(millis / MS_PER_DAY);
}

export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export class DailyDemandAggregator {
  private readonly netByItem = new Map<string, Map<number, number>>();
  private readonly tradingDays = new Set<number>();
  private firstDay = Number.POSITIVE_INFINITY;
  private lastDay = Number.NEGATIVE_INFINITY;
  negativeNetDays = 0;

  /** Records that the shop traded on this day (any invoice line at all, even a fee). */
  markTradingDay(day: number): void {
    this.tradingDays.add(day);
    if (day < this.firstDay) this.firstDay = day;
    if (day > this.lastDay) this.lastDay = day;
  }

  add(itemId: string, day: number, quantity: number): void {
    this.markTradingDay(day);
    if (quantity === 0) return;
    let byDay = this.netByItem.get(itemId);
    if (byDay === undefined) {
      byDay = new Map();
      this.netByItem.set(itemId, byDay);
    }
    byDay.set(day, (byDay.get(day) ?? 0) + quantity);
  }

  /** Dense daily series, one per item with at least one positive net demand day. */
  build(): DailyDemandSeries[] {
    if (this.tradingDays.size === 0) return [];
    const calendarLength = this.lastDay - this.firstDay + 1;
    const closedCalendar = new Uint8Array(calendarLength);
    for (let offset = 0; offset < calendarLength; offset++) {
      const day = this.firstDay + offset;
      const weekday = new Date(day * MS_PER_DAY).getUTCDay();
      closedCalendar[offset] = weekday === SATURDAY || !this.tradingDays.has(day) ? 1 : 0;
    }
    const result: DailyDemandSeries[] = [];
    this.negativeNetDays = 0;
    for (const [itemId, byDay] of [...this.netByItem.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      let firstSale = Number.POSITIVE_INFINITY;
      for (const [day, net] of byDay) {
        if (net > 0 && day < firstSale) firstSale = day;
        if (net < 0) this.negativeNetDays++;
      }
      if (!Number.isFinite(firstSale)) continue;
      const start = firstSale - this.firstDay;
      const values = new Float64Array(calendarLength - start);
      for (const [day, net] of byDay) {
        const index = day - firstSale;
        if (index >= 0 && net > 0) values[index] = net;
      }
      result.push({ id: itemId, firstDay: isoDate(firstSale), values, closed: closedCalendar.slice(start) });
    }
    return result;
  }
}
