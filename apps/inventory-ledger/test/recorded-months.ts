// Test support for tests that write movements on both sides of a month boundary of recorded time
// (the movement table's partitions): times counted in hours from the start of the current month.
const HOUR = 3_600_000;

export const now = new Date();
export const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
/** `hours` before the current month began: in the month before. */
export const lastMonth = (hours: number) => new Date(monthStart.getTime() - hours * HOUR);
/** `hours` after the current month began. */
export const thisMonth = (hours: number) => new Date(monthStart.getTime() + hours * HOUR);
