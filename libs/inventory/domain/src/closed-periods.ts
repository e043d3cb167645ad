// Closed accounting periods (docs/valuation.md, "Closed periods"). Finance closes the books through
// a day; from then on no figure of a day up to it changes. A movement dated in a closed period
// keeps its business time, but its figures (cost of goods sold, adjustments, landed costs) are
// booked on its posting day: the first open day, the day after the closed-through day. A change
// of valuation method dated in a closed period is refused. Closing only moves forward, and only
// through a day that has ended. Days are UTC, YYYY-MM-DD; `null` means no period was ever closed.
import { LedgerError } from './ledger-error';

const DAY_MS = 86_400_000;

/** The UTC day of a business time (epoch milliseconds), YYYY-MM-DD. */
export function businessDayOf(occurredAt: number): string {
  return dayText(Math.floor(occurredAt / DAY_MS));
}

/** The day after `day`, YYYY-MM-DD. */
export function dayAfter(day: string): string {
  return dayText(dayNumberOf(day) + 1);
}

/** True when `day` is on or before the closed-through day. */
export function isInClosedPeriod(day: string, closedThrough: string | null): boolean {
  return closedThrough !== null && day <= closedThrough;
}

/**
 * The day a movement's figures are booked on: its business day, unless that day is closed, then
 * the first open day. Never earlier than the business day, so a figure only ever moves forward.
 */
export function postingDayOf(occurredAt: number, closedThrough: string | null): string {
  const day = businessDayOf(occurredAt);
  return closedThrough !== null && day <= closedThrough ? dayAfter(closedThrough) : day;
}

/** The posting day as a day number (days since the epoch), for the per-day figures. */
export function postingDayNumberOf(occurredAt: number, closedThrough: string | null): number {
  const dayNumber = Math.floor(occurredAt / DAY_MS);
  if (closedThrough === null) return dayNumber;
  const closedDayNumber = closedDayNumberOf(closedThrough);
  return dayNumber <= closedDayNumber ? closedDayNumber + 1 : dayNumber;
}

// Every entry of a batch asks with the same closed-through day: parsed once, not per entry.
let lastClosedThrough: string | undefined;
let lastClosedDayNumber = 0;
function closedDayNumberOf(closedThrough: string): number {
  if (closedThrough !== lastClosedThrough) {
    lastClosedDayNumber = dayNumberOf(closedThrough);
    lastClosedThrough = closedThrough;
  }
  return lastClosedDayNumber;
}

/** The posting day where it differs from the business day, else null (what a movement row records). */
export function postingDayIfMoved(occurredAt: number, closedThrough: string | null): string | null {
  // Asked for every movement a batch records: by day numbers, formatting a day only for one moved.
  if (closedThrough === null) return null;
  const closedDayNumber = closedDayNumberOf(closedThrough);
  return Math.floor(occurredAt / DAY_MS) <= closedDayNumber ? dayText(closedDayNumber + 1) : null;
}

/** Why a close through `through` is refused, given the day closed through now and today (UTC); null when it may close. */
export type CloseRefusal = 'LEDGER.PERIOD_ALREADY_CLOSED' | 'LEDGER.PERIOD_NOT_ENDED';

export function closeRefusalOf(through: string, closedThrough: string | null, today: string): { code: CloseRefusal; message: string } | null {
  if (through >= today) return { code: 'LEDGER.PERIOD_NOT_ENDED', message: `${through} has not ended yet (today is ${today}, UTC): only a past day can be closed` };
  if (isInClosedPeriod(through, closedThrough)) {
    return { code: 'LEDGER.PERIOD_ALREADY_CLOSED', message: `the books are already closed through ${closedThrough}: a close must be through a later day` };
  }
  return null;
}

/**
 * Refuses a change of valuation method dated in a closed period: a closed period's figures were
 * reported under the method it had, and nothing in it may change after its close.
 */
export function requireMethodChangeInOpenPeriod(sku: string, changedAt: number, closedThrough: string | null): void {
  const day = businessDayOf(changedAt);
  if (isInClosedPeriod(day, closedThrough)) {
    throw new LedgerError(
      'LEDGER.PERIOD_CLOSED',
      `the valuation method change of ${sku} is dated ${day}, in a closed period: the books are closed through ${closedThrough}`,
      'updatedAt',
    );
  }
}

function dayNumberOf(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00.000Z`) / DAY_MS);
}

function dayText(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}
