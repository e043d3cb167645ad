// The catalog copy's tables (catalog_item, catalog_location, catalog_offset): one statement per
// batch of catalog records, keeping per key the version with the newest updatedAt (the later on the
// topic on a tie), so redelivery and a replay from the topic's beginning change nothing, and
// recording in the same statement how far the batch's partition is applied; and the lookup of a
// request's SKUs and locations, one statement by primary key however many lines name them.
import type { DataSource } from 'typeorm';
import type { PartitionPosition } from '@ledgerline/messaging';
import type { CatalogKnowledge } from '@ledgerline/pos-domain';

export interface CatalogItemFact {
  sku: string;
  active: boolean;
  updatedAt: string;
}

export interface CatalogLocationFact {
  locationId: string;
  kind: string;
  active: boolean;
  updatedAt: string;
}

export class CatalogCopySql {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  /** The items, and `through` as the position of their partition, in one statement (none: the position alone). */
  async recordItems(items: readonly CatalogItemFact[], through: PartitionPosition): Promise<void> {
    const rows = newestPerKey(items, (item) => item.sku);
    await this.dataSource.query(
      `WITH applied AS (
         INSERT INTO "${this.schema}".catalog_item AS c (sku, active, source_updated_at)
         SELECT * FROM unnest($1::text[], $2::boolean[], $3::timestamptz[])
         ON CONFLICT (sku) DO UPDATE SET active = EXCLUDED.active, source_updated_at = EXCLUDED.source_updated_at, learnt_at = now()
           WHERE c.source_updated_at < EXCLUDED.source_updated_at OR (c.source_updated_at = EXCLUDED.source_updated_at AND c.active IS DISTINCT FROM EXCLUDED.active)
       )
       ${positionUpsert(this.schema, 4)}`,
      [rows.map((row) => row.sku), rows.map((row) => row.active), rows.map((row) => row.updatedAt), ...positionParameters(through)],
    );
  }

  /** The locations, and `through` as the position of their partition, in one statement (none: the position alone). */
  async recordLocations(locations: readonly CatalogLocationFact[], through: PartitionPosition): Promise<void> {
    const rows = newestPerKey(locations, (location) => location.locationId);
    await this.dataSource.query(
      `WITH applied AS (
         INSERT INTO "${this.schema}".catalog_location AS c (location_id, kind, active, source_updated_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::timestamptz[])
         ON CONFLICT (location_id) DO UPDATE SET kind = EXCLUDED.kind, active = EXCLUDED.active, source_updated_at = EXCLUDED.source_updated_at, learnt_at = now()
           WHERE c.source_updated_at < EXCLUDED.source_updated_at OR (c.source_updated_at = EXCLUDED.source_updated_at AND (c.kind, c.active) IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.active))
       )
       ${positionUpsert(this.schema, 5)}`,
      [rows.map((row) => row.locationId), rows.map((row) => row.kind), rows.map((row) => row.active), rows.map((row) => row.updatedAt), ...positionParameters(through)],
    );
  }

  /** The offset of the next record of this partition to apply; undefined before any was. */
  async storedPosition(topic: string, partition: number): Promise<string | undefined> {
    const rows: Array<{ next_offset: string }> = await this.dataSource.query(`SELECT next_offset::text AS next_offset FROM "${this.schema}".catalog_offset WHERE topic = $1 AND partition = $2`, [topic, partition]);
    return rows[0]?.next_offset;
  }

  /** The offset of the next record to apply of each partition of the topic applied so far. */
  async storedPositions(topic: string): Promise<Map<number, string>> {
    const rows: Array<{ partition: number; next_offset: string }> = await this.dataSource.query(
      `SELECT partition, next_offset::text AS next_offset FROM "${this.schema}".catalog_offset WHERE topic = $1`,
      [topic],
    );
    return new Map(rows.map((row) => [row.partition, row.next_offset]));
  }

  /**
   * Which of these SKUs and locations the copy holds, active or not. Each key is looked up by
   * primary key (the LIMIT keeps the planner from turning the lookups into a hash join over the
   * whole table, which it picks for a thousand keys while a copy just loaded has no statistics).
   */
  async known(skus: readonly string[], locationIds: readonly string[]): Promise<CatalogKnowledge> {
    const rows: Array<{ what: 'sku' | 'location'; id: string }> = await this.dataSource.query(
      `SELECT 'sku' AS what, c.sku AS id FROM unnest($1::text[]) AS k(sku)
         CROSS JOIN LATERAL (SELECT i.sku FROM "${this.schema}".catalog_item i WHERE i.sku = k.sku LIMIT 1) c
       UNION ALL
       SELECT 'location', c.location_id FROM unnest($2::text[]) AS k(location_id)
         CROSS JOIN LATERAL (SELECT l.location_id FROM "${this.schema}".catalog_location l WHERE l.location_id = k.location_id LIMIT 1) c`,
      [[...new Set(skus)], [...new Set(locationIds)]],
    );
    const known = { skus: new Set<string>(), locations: new Set<string>() };
    for (const row of rows) (row.what === 'sku' ? known.skus : known.locations).add(row.id);
    return known;
  }
}

/**
 * The partition's position, set to where the batch just applied ends: the statement whose rows it
 * follows is the one that writes it, so the position never runs ahead of or behind the rows.
 */
function positionUpsert(schema: string, firstParameter: number): string {
  const [topic, partition, nextOffset] = [firstParameter, firstParameter + 1, firstParameter + 2].map((index) => `$${index}`);
  return `INSERT INTO "${schema}".catalog_offset (topic, partition, next_offset)
       VALUES (${topic}::text, ${partition}::integer, ${nextOffset}::bigint)
       ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, applied_at = now()`;
}

function positionParameters(through: PartitionPosition): [string, number, string] {
  return [through.topic, through.partition, through.nextOffset];
}

/**
 * One record per key, the newest by updatedAt (the later one on a tie, as the topic's order
 * has it): a statement may change a row only once, and a batch may carry a key's versions.
 */
export function newestPerKey<T extends { updatedAt: string }>(records: readonly T[], keyOf: (record: T) => string): T[] {
  const newest = new Map<string, T>();
  for (const record of records) {
    const held = newest.get(keyOf(record));
    if (held === undefined || Date.parse(held.updatedAt) <= Date.parse(record.updatedAt)) newest.set(keyOf(record), record);
  }
  return [...newest.values()];
}
