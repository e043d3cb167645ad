// The demand series a forecast is fitted on: one value per calendar day from the first day to the
// last (days without movements are days without demand), and a censoring flag per day. A day on
// which the item was out of stock at any time (it opened at or below zero, a movement left on
// hand at or below zero, or it closed there) only shows a lower bound of the demand: customers
// who found the shelf empty bought nothing. The forecasting methods leave such days out, so a
// stock-out does not drag the forecast down.
import { type Day, addDays, daysBetween } from './business-day';
import type { DailyDemand } from './daily-demand';

export interface DemandHistoryWindow {
  readonly firstDay: Day;
  /** Inclusive; normally yesterday: today is not over, its demand is still growing. */
  readonly lastDay: Day;
  /** Closing on hand of the last recorded day before firstDay; null when nothing came before. */
  readonly openingOnHand: number | null;
}

export interface DailyDemandHistory {
  readonly days: Day[];
  /** Net demand per day, floored at zero (a day of net returns is a day without demand). */
  readonly demand: number[];
  readonly censored: boolean[];
  readonly censoredDays: number;
  readonly totalDemand: number;
}

export function buildDemandHistory(rows: readonly Pick<DailyDemand, 'day' | 'demandUnits' | 'minOnHand' | 'closingOnHand'>[], window: DemandHistoryWindow): DailyDemandHistory {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const length = Math.max(0, daysBetween(window.firstDay, window.lastDay) + 1);
  const days: Day[] = [];
  const demand: number[] = [];
  const censored: boolean[] = [];
  let openingOnHand = window.openingOnHand;
  let censoredDays = 0;
  let totalDemand = 0;
  for (let index = 0; index < length; index++) {
    const day = addDays(window.firstDay, index);
    const row = byDay.get(day);
    const openedOut = openingOnHand !== null && openingOnHand <= 0;
    const outOfStock = row ? openedOut || row.minOnHand <= 0 || row.closingOnHand <= 0 : openedOut;
    const units = row ? Math.max(0, row.demandUnits) : 0;
    days.push(day);
    demand.push(units);
    censored.push(outOfStock);
    if (outOfStock) censoredDays++;
    totalDemand += units;
    if (row) openingOnHand = row.closingOnHand;
  }
  return { days, demand, censored, censoredDays, totalDemand };
}
