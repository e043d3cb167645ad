// Reorder suggestions and the outbox their events leave through. Both are written in the
// transaction that changed the suggestion, so an event exists exactly when its state change does.
import type { EntityManager } from 'typeorm';
import type { ReorderSuggestionV1 } from '@ledgerline/contracts';
import type { ItemLocation } from '../domain/stock-change';

export interface SuggestionRecord extends ItemLocation {
  readonly suggestionId: string;
  readonly state: 'open' | 'cleared';
  readonly lastStatus: ReorderSuggestionV1['status'];
  readonly revision: number;
  readonly stockPosition: number;
  readonly reorderPoint: number;
  readonly safetyStock: number;
  readonly orderQuantity: number;
  readonly forecastDailyDemand: number;
  readonly leadTimeDays: number;
  readonly method: string;
  readonly reason: string;
  readonly raisedAt: string;
  readonly updatedAt: string;
  readonly clearedAt: string | null;
}

export interface OutboxEvent {
  readonly eventId: string;
  readonly topic: string;
  readonly key: string;
  readonly value: unknown;
}

const COLUMNS = `suggestion_id, sku, location_id, state, last_status, revision, stock_position, reorder_point, safety_stock,
  order_quantity, forecast_daily_demand, lead_time_days, method, reason, raised_at, updated_at, cleared_at`;

export class SuggestionSql {
  constructor(private readonly schema: string) {}

  async openSuggestions(manager: EntityManager, items: readonly ItemLocation[]): Promise<Map<string, SuggestionRecord>> {
    if (items.length === 0) return new Map();
    const rows: Array<Record<string, unknown>> = await manager.query(
      // One probe of the open suggestion per item (at most one is open), however many were cleared.
      `SELECT s.* FROM unnest($1::text[], $2::text[]) AS k(sku, location_id)
        CROSS JOIN LATERAL (
          SELECT ${COLUMNS} FROM ${this.t('reorder_suggestion')} s
           WHERE s.sku = k.sku AND s.location_id = k.location_id AND s.state = 'open' LIMIT 1) AS s`,
      [items.map((item) => item.sku), items.map((item) => item.locationId)],
    );
    return new Map(rows.map((row) => [`${String(row['sku'])}@${String(row['location_id'])}`, toRecord(row)]));
  }

  async list(manager: EntityManager, filter: { state?: 'open' | 'cleared'; sku?: string; locationId?: string; limit: number }): Promise<SuggestionRecord[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${COLUMNS} FROM ${this.t('reorder_suggestion')}
        WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR sku = $2) AND ($3::text IS NULL OR location_id = $3)
        ORDER BY updated_at DESC, suggestion_id LIMIT $4`,
      [filter.state ?? null, filter.sku ?? null, filter.locationId ?? null, filter.limit],
    );
    return rows.map(toRecord);
  }

  /** One statement per suggestion: they change once per need, not once per event. */
  async save(manager: EntityManager, records: readonly SuggestionRecord[]): Promise<void> {
    for (const record of records) {
      await manager.query(
        `INSERT INTO ${this.t('reorder_suggestion')} (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         ON CONFLICT (suggestion_id) DO UPDATE SET state = excluded.state, last_status = excluded.last_status,
            revision = excluded.revision, stock_position = excluded.stock_position, reorder_point = excluded.reorder_point,
            safety_stock = excluded.safety_stock, order_quantity = excluded.order_quantity,
            forecast_daily_demand = excluded.forecast_daily_demand, lead_time_days = excluded.lead_time_days,
            method = excluded.method, reason = excluded.reason, updated_at = excluded.updated_at, cleared_at = excluded.cleared_at`,
        [
          record.suggestionId,
          record.sku,
          record.locationId,
          record.state,
          record.lastStatus,
          record.revision,
          record.stockPosition,
          record.reorderPoint,
          record.safetyStock,
          record.orderQuantity,
          record.forecastDailyDemand,
          record.leadTimeDays,
          record.method,
          record.reason,
          record.raisedAt,
          record.updatedAt,
          record.clearedAt,
        ],
      );
    }
  }

  async insertOutbox(manager: EntityManager, events: readonly OutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('outbox')} (event_id, topic, message_key, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) ON CONFLICT (event_id) DO NOTHING`,
      [events.map((event) => event.eventId), events.map((event) => event.topic), events.map((event) => event.key), events.map((event) => JSON.stringify(event.value))],
    );
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}

function iso(value: unknown): string {
  return (value as Date).toISOString();
}

function toRecord(row: Record<string, unknown>): SuggestionRecord {
  return {
    suggestionId: String(row['suggestion_id']),
    sku: String(row['sku']),
    locationId: String(row['location_id']),
    state: row['state'] as SuggestionRecord['state'],
    lastStatus: row['last_status'] as SuggestionRecord['lastStatus'],
    revision: Number(row['revision']),
    stockPosition: Number(row['stock_position']),
    reorderPoint: Number(row['reorder_point']),
    safetyStock: Number(row['safety_stock']),
    orderQuantity: Number(row['order_quantity']),
    forecastDailyDemand: Number(row['forecast_daily_demand']),
    leadTimeDays: Number(row['lead_time_days']),
    method: String(row['method']),
    reason: String(row['reason']),
    raisedAt: iso(row['raised_at']),
    updatedAt: iso(row['updated_at']),
    clearedAt: row['cleared_at'] === null ? null : iso(row['cleared_at']),
  };
}
