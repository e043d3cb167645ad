// Applies a batch of stock-changed events exactly once, in ONE PostgreSQL transaction: lock the
// batch's positions, record the movement ids (those already recorded are dropped), fold the rest
// into daily demand, advance the positions, mark the series due for a refit and evaluate the
// suggestions of the items that moved.
// A redelivery, a crash between the commit and the offset commit, or a replay from offset zero
// finds the ids recorded and changes nothing; a crash before the commit leaves no trace.
import type { DataSource } from 'typeorm';
import { readCommittedTransaction } from '@ledgerline/runtime';
import { type Day, dayOf } from '../domain/business-day';
import { dailyDemandKey, foldDailyDemand } from '../domain/daily-demand';
import { type StockChange, itemKey, uniqueByMovement } from '../domain/stock-change';
import { advancePositions, positionRiseCause } from '../domain/stock-position';
import type { DemandSql } from '../persistence/demand-sql';
import type { DemandChange, RefitScheduleSql } from '../persistence/refit-schedule-sql';
import type { SuggestionRecord } from '../persistence/suggestion-sql';
import type { SuggestionEvaluator } from '../suggestions/suggestion-evaluator';

export interface IncomingStockChange {
  readonly change: StockChange;
  readonly cause: { readonly eventId: string; readonly correlationId: string };
}

export interface AppliedStockChanges {
  readonly applied: number;
  readonly duplicates: number;
  readonly suggestions: SuggestionRecord[];
}

export class StockChangeWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: DemandSql,
    private readonly schedule: RefitScheduleSql,
    private readonly evaluator: SuggestionEvaluator,
    private readonly timeZone: string,
  ) {}

  async applyBatch(incoming: readonly IncomingStockChange[], now: Date = new Date()): Promise<AppliedStockChanges> {
    const unique = uniqueByMovement(incoming.map(({ change }) => change));
    if (unique.length === 0) return { applied: 0, duplicates: 0, suggestions: [] };
    const causeByMovement = new Map(incoming.map(({ change, cause }) => [change.movementId, cause]));

    return readCommittedTransaction(this.dataSource, async (manager) => {
      const known = await this.sql.lockPositions(manager, unique);
      const fresh = await this.sql.markProcessed(manager, unique.map((change) => change.movementId));
      const changes = unique.filter((change) => fresh.has(change.movementId));
      const duplicates = incoming.length - changes.length;
      if (changes.length === 0) return { applied: 0, duplicates, suggestions: [] };

      const days = changes.map((change) => ({ sku: change.sku, locationId: change.locationId, day: dayOf(change.occurredAt, this.timeZone) }));
      const stored = await this.sql.dailyDemandOn(manager, days);
      const storedByKey = new Map(stored.map((row) => [dailyDemandKey(row.sku, row.locationId, row.day), row]));
      await this.sql.writeDailyDemand(manager, foldDailyDemand(storedByKey, changes, this.timeZone));
      await this.schedule.markDemandChanged(manager, demandChanges(days, known), now, this.timeZone);

      const advanced = advancePositions(known, changes);
      await this.sql.writePositions(manager, [...advanced.values()].map(({ after }) => after));
      const lastCause = new Map(changes.map((change) => [itemKey(change), causeByMovement.get(change.movementId)]));
      const suggestions = await this.evaluator.evaluate(
        manager,
        [...advanced.entries()].map(([key, { before, after }]) => ({ position: after, riseCause: positionRiseCause(before, after), cause: lastCause.get(key) })),
        now,
      );
      return { applied: changes.length, duplicates, suggestions };
    });
  }
}

/** The earliest changed day of each series; a series without a known position before is first seen. */
function demandChanges(days: ReadonlyArray<{ sku: string; locationId: string; day: Day }>, known: ReadonlyMap<string, unknown>): DemandChange[] {
  const earliest = new Map<string, DemandChange>();
  for (const { sku, locationId, day } of days) {
    const key = itemKey({ sku, locationId });
    const current = earliest.get(key);
    if (!current || day < current.day) earliest.set(key, { sku, locationId, day, firstSeen: !known.has(key) });
  }
  return [...earliest.values()];
}
