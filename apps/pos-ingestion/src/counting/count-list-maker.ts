// Makes the count list of a location for a day, once: from the location's keys and their signals
// over the window (classes, risk, cycles), within the day's budget. A second request for the same
// location and day, on any instance, gets the list made first.
import { parseMoney } from '@ledgerline/money';
import { classifyAbc, countRisk, dailyCountList, type CountCandidate } from '@ledgerline/pos-domain';
import { JsonLogger } from '@ledgerline/runtime';
import type { MovementCaller } from '@ledgerline/pos-domain';
import type { CredentialStore } from '../persistence/credential-store';
import { checkCallerCovers } from './count-caller';
import { countListId } from './count-days';
import { dayOf } from './stock-change-signal';
import { CountingError } from './count-errors';
import type { CountListRow, CountListSql } from './count-list-sql';
import type { CountingSettings } from './counting-settings';

export class CountListMaker {
  private readonly logger = new JsonLogger('CountListMaker');

  constructor(
    private readonly lists: CountListSql,
    private readonly credentials: CredentialStore,
    private readonly settings: CountingSettings,
  ) {}

  /** `today` is the UTC day now; a list is made for yesterday, today or tomorrow (a store's day may straddle UTC's). */
  async listFor(locationId: string, day: number, caller: MovementCaller, today = dayOf(new Date().toISOString())): Promise<CountListRow> {
    checkCallerCovers(caller, locationId, 'locationId');
    if (Math.abs(day - today) > 1) {
      throw new CountingError('COUNTS.INVALID_DAY', `day must be yesterday, today or tomorrow (UTC) to make a list; an older list is read with GET /v1/count-lists/:listId`, 'day');
    }
    const known = await this.credentials.knownStores([locationId]);
    if (!known.has(locationId)) throw new CountingError('MOVEMENTS.UNKNOWN_LOCATION', `locationId ${locationId} is not a registered location`, 'locationId');
    const listId = countListId(locationId, day);
    const existing = await this.lists.findList(listId);
    if (existing) return existing;

    const windowStart = day - this.settings.signalWindowDays;
    const signals = await this.lists.signalsOf(locationId, windowStart);
    const classes = classifyAbc(
      signals.map((key) => ({ sku: key.sku, unitsSold: key.unitsSold, unitValue: parseMoney(key.averageUnitCost) })),
      this.settings.abc,
    );
    const risks = new Map(signals.map((key) => [key.sku, countRisk(key, classes.get(key.sku) ?? 'C', this.settings.list.cycleDays[classes.get(key.sku) ?? 'C'], day, this.settings.riskWeights)]));
    const candidates: CountCandidate[] = signals.map((key) => ({
      sku: key.sku,
      abcClass: classes.get(key.sku) ?? 'C',
      risk: risks.get(key.sku)!.score,
      lastCountedDay: key.lastCountedDay,
      firstSeenDay: key.firstSeenDay,
    }));
    const list = dailyCountList(candidates, day, this.settings.list);
    if (list.overdue.length > 0) {
      this.logger.warn('keys past their count cycle did not fit the daily budget', { locationId, day, overdue: list.overdue.length, budget: this.settings.list.budget });
    }
    const kept = await this.lists.createOnce(
      { listId, locationId, countDay: day },
      list.entries.map((entry) => ({ sku: entry.sku, abcClass: entry.abcClass, risk: entry.risk, reasons: [...risks.get(entry.sku)!.reasons], dueForCycle: entry.dueForCycle })),
    );
    // Before the window of any list still to be made (the earliest is yesterday's).
    await this.lists.pruneSignalsBefore(locationId, today - 1 - this.settings.signalWindowDays);
    this.logger.info('count list made', { listId, locationId, items: list.entries.length, keys: signals.length });
    return kept;
  }
}
