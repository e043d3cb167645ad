// Applies the suggestion lifecycle to items whose position or forecast just changed, inside the
// caller's transaction (which holds the items' position locks): reads the open suggestions and the
// latest fits, decides, and writes the new suggestion state together with its outbox event.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { TOPICS, createEnvelope, derivedEventId, stockKey } from '@ledgerline/contracts';
import { type ItemLocation, itemKey } from '../domain/stock-change';
import { type PositionRiseCause, type StockPosition, positionLevel } from '../domain/stock-position';
import { decideSuggestion } from '../domain/suggestion-lifecycle';
import type { ForecastSql, StoredForecast } from '../persistence/forecast-sql';
import type { OutboxEvent, SuggestionRecord, SuggestionSql } from '../persistence/suggestion-sql';
import { forecastingMetrics } from '../forecasting-metrics';

export const PRODUCER = 'reorder-forecasting';

export interface ItemToEvaluate {
  readonly position: StockPosition;
  readonly riseCause: PositionRiseCause | 'refit';
  /** The event that led here, to continue its correlation chain. */
  readonly cause?: { readonly eventId: string; readonly correlationId: string };
}

export interface EvaluationSettings {
  readonly includeInTransit: boolean;
  readonly materialGrowth: number;
}

export class SuggestionEvaluator {
  constructor(
    private readonly forecasts: ForecastSql,
    private readonly suggestions: SuggestionSql,
    private readonly settings: EvaluationSettings,
  ) {}

  /** Returns the suggestion revisions written (each with its event in the outbox). */
  async evaluate(manager: EntityManager, items: readonly ItemToEvaluate[], now: Date): Promise<SuggestionRecord[]> {
    if (items.length === 0) return [];
    const keys: ItemLocation[] = items.map(({ position }) => position);
    const fits = await this.forecasts.forecastsOf(manager, keys);
    const open = await this.suggestions.openSuggestions(manager, keys);
    const records: SuggestionRecord[] = [];
    const events: OutboxEvent[] = [];
    for (const item of items) {
      const key = itemKey(item.position);
      const fit = fits.get(key);
      // Without a fit there is no reorder point yet; the first fit evaluates the item.
      if (!fit) continue;
      const record = this.next(open.get(key) ?? null, item, fit, now);
      if (!record) continue;
      records.push(record);
      events.push(suggestionEvent(record, item.cause));
    }
    await this.suggestions.save(manager, records);
    await this.suggestions.insertOutbox(manager, events);
    return records;
  }

  private next(active: SuggestionRecord | null, item: ItemToEvaluate, fit: StoredForecast, now: Date): SuggestionRecord | null {
    const stockPosition = positionLevel(item.position, this.settings.includeInTransit);
    const numbers = fit.replenishment;
    const transition = decideSuggestion(active, {
      stockPosition,
      reorderPolicy: numbers.reorderPolicy,
      forecastDailyDemand: numbers.forecastDailyDemand,
      materialGrowth: this.settings.materialGrowth,
      riseCause: item.riseCause,
    });
    if (transition.kind === 'none') return null;
    const at = now.toISOString();
    const figures = {
      sku: item.position.sku,
      locationId: item.position.locationId,
      stockPosition,
      reorderPoint: numbers.reorderPoint,
      safetyStock: numbers.safetyStock,
      forecastDailyDemand: numbers.forecastDailyDemand,
      leadTimeDays: fit.leadTime.meanDays,
      method: fit.method,
      reason: transition.reason,
      updatedAt: at,
    };
    if (transition.kind === 'open') {
      return { ...figures, suggestionId: newSuggestionId(), state: 'open', lastStatus: 'open', revision: 1, orderQuantity: transition.orderQuantity, raisedAt: at, clearedAt: null };
    }
    // Only an open suggestion can be updated or cleared: the lifecycle never does either without one.
    const current = active;
    if (current === null) return null;
    if (transition.kind === 'updated') {
      return { ...figures, suggestionId: current.suggestionId, state: 'open', lastStatus: 'updated', revision: current.revision + 1, orderQuantity: transition.orderQuantity, raisedAt: current.raisedAt, clearedAt: null };
    }
    return { ...figures, suggestionId: current.suggestionId, state: 'cleared', lastStatus: 'cleared', revision: current.revision + 1, orderQuantity: 0, raisedAt: current.raisedAt, clearedAt: at };
  }
}

/** Short and opaque: identifiers on the wire are at most 64 characters, sku and location alone may be longer. */
function newSuggestionId(): string {
  return `rs-${randomUUID()}`;
}

/** The event of one suggestion revision; its id is derived from suggestion and revision, so a re-send is recognisable. */
export function suggestionEvent(record: SuggestionRecord, cause?: { eventId: string; correlationId: string }): OutboxEvent {
  const eventId = derivedEventId('reorder-suggestion', `${record.suggestionId}:${record.revision}`);
  const payload = TOPICS.reorderSuggestions.payloadSchema.parse({
    suggestionId: record.suggestionId,
    sku: record.sku,
    locationId: record.locationId,
    status: record.lastStatus,
    stockPosition: record.stockPosition,
    reorderPoint: record.reorderPoint,
    safetyStock: record.safetyStock,
    orderQuantity: record.orderQuantity,
    forecastDailyDemand: record.forecastDailyDemand,
    leadTimeDays: record.leadTimeDays,
    method: record.method.slice(0, 64),
    reason: record.reason.slice(0, 1000),
    raisedAt: record.updatedAt,
  });
  return {
    eventId,
    topic: TOPICS.reorderSuggestions.name,
    key: stockKey(record.sku, record.locationId),
    value: createEnvelope(TOPICS.reorderSuggestions, payload, {
      producer: PRODUCER,
      occurredAt: record.updatedAt,
      eventId,
      ...(cause ? { correlationId: cause.correlationId, causationId: cause.eventId } : {}),
    }),
  };
}

/** Counts committed suggestion events; called once the transaction that wrote them committed. */
export function countPublished(records: readonly SuggestionRecord[]): void {
  for (const record of records) forecastingMetrics.suggestions.inc({ status: record.lastStatus });
}
