// The FIFO layers of the keys valued by them (stock_layer, migration 1769500000000): how batchFacts
// reads them beside the balances, and the two parts writeBatch adds to its statement when a batch
// consumed or opened layers. A batch whose keys are all valued at moving average reads no layer
// row and writes none, in the same two statements as before.
import type { FifoLayer, KeyLayers, ValuationMethod } from '@ledgerline/inventory-domain';
import { formatMoney, parseMoney } from '@ledgerline/money';

export type LayerPool = 'on-hand' | 'in-transit';

/** A key's open layers as read, and each layer's position (its row), in the same order. */
export interface StoredKeyLayers {
  layers: KeyLayers;
  positions: { onHand: number[]; inTransit: number[] };
}

/** One layer row to insert or overwrite. */
export interface LayerRowWrite {
  sku: string;
  locationId: string;
  pool: LayerPool;
  position: number;
  layer: FifoLayer;
}

/** One layer row consumed. */
export interface LayerRowRemoval {
  sku: string;
  locationId: string;
  pool: LayerPool;
  position: number;
}

export interface LayerWrites {
  written: LayerRowWrite[];
  removed: LayerRowRemoval[];
}

export function isValuationMethod(value: string | null): value is ValuationMethod {
  return value === 'moving-average' || value === 'fifo';
}

/**
 * A UNION ALL branch of batchFacts: the layers of the keys in `keyed` (its balances read) valued
 * first in, first out, and of the keys `lockedSku`/`lockedLocation` name (a batch applied again
 * reads its balances with their locks, apart). One index probe per FIFO key; a key valued at
 * moving average costs nothing here. The row's columns follow batchFacts' order: name the SKU,
 * on_hand the units, in_transit the position, inventory_value the value, last_movement_at the
 * receipt time, seq the pool. OFFSET 0 keeps the lateral subquery a probe per key: flattened
 * into a join, the planner may read the whole layer table into a hash instead.
 */
export function layerFactsBranch(layerTable: string, keyed: string, lockedSku: string, lockedLocation: string): string {
  return `SELECT 'layer', l.sku, l.location_id, l.units, l.position, NULL, l.value, NULL, NULL, NULL, NULL, l.received_at, NULL, NULL, l.pool, NULL, NULL
         FROM (SELECT sku, location_id FROM ${keyed} WHERE valuation_method = 'fifo'
               UNION SELECT * FROM unnest(${lockedSku}::text[], ${lockedLocation}::text[])) f
         CROSS JOIN LATERAL (SELECT * FROM ${layerTable} x WHERE x.sku = f.sku AND x.location_id = f.location_id OFFSET 0) l`;
}

/** Adds one layer row of batchFacts to the key's stored layers; call sortStoredLayers once all are in. */
export function addStoredLayer(stored: StoredKeyLayers, pool: string | null, position: number, layer: FifoLayer): void {
  const onHand = pool === 'on-hand';
  if (!onHand && pool !== 'in-transit') throw new Error(`a stored layer names the pool ${String(pool)}`);
  (onHand ? (stored.layers.onHand as FifoLayer[]) : (stored.layers.inTransit as FifoLayer[])).push(layer);
  (onHand ? stored.positions.onHand : stored.positions.inTransit).push(position);
}

export function noStoredLayers(): StoredKeyLayers {
  return { layers: { onHand: [], inTransit: [] }, positions: { onHand: [], inTransit: [] } };
}

/** Oldest first: the rows come back in no particular order. */
export function sortStoredLayers(stored: StoredKeyLayers): void {
  for (const pool of ['onHand', 'inTransit'] as const) {
    const order = stored.positions[pool].map((position, index) => ({ position, layer: stored.layers[pool][index]! })).sort((a, b) => a.position - b.position);
    stored.positions[pool] = order.map((entry) => entry.position);
    (stored.layers as { onHand: FifoLayer[]; inTransit: FifoLayer[] })[pool] = order.map((entry) => entry.layer);
  }
}

/** A layer row of batchFacts as a layer. */
export function layerOf(units: string, value: string, receivedAt: Date | null): FifoLayer {
  if (receivedAt === null) throw new Error('a stored layer has no receipt time');
  return { units: Number(units), value: parseMoney(value), receivedAt: receivedAt.getTime() };
}

/**
 * The parts of writeBatch's statement for the layers a batch consumed and those it opened or
 * changed (none when it touched no layer). The two sets of positions never meet: a position
 * written again is overwritten in place (ON CONFLICT), never deleted and inserted.
 */
export function layerWriteParts(layerTable: string, writes: LayerWrites, parameter: (value: unknown) => string): string[] {
  const parts: string[] = [];
  if (writes.removed.length > 0) {
    const removed = writes.removed.map((row) => ({ sku: row.sku, location_id: row.locationId, pool: row.pool, position: row.position }));
    parts.push(
      `layers_consumed AS (
         DELETE FROM ${layerTable} l USING jsonb_to_recordset(${parameter(JSON.stringify(removed))}::jsonb) AS r(sku text, location_id text, pool text, position bigint)
          WHERE l.sku = r.sku AND l.location_id = r.location_id AND l.pool = r.pool AND l.position = r.position)`,
    );
  }
  if (writes.written.length > 0) {
    const written = writes.written.map((row) => ({
      sku: row.sku,
      location_id: row.locationId,
      pool: row.pool,
      position: row.position,
      received_at: new Date(row.layer.receivedAt).toISOString(),
      units: row.layer.units,
      value: formatMoney(row.layer.value),
    }));
    parts.push(
      `layers_written AS (
         INSERT INTO ${layerTable} (sku, location_id, pool, position, received_at, units, value)
         SELECT sku, location_id, pool, position, received_at, units, value
           FROM jsonb_to_recordset(${parameter(JSON.stringify(written))}::jsonb)
                AS w(sku text, location_id text, pool text, position bigint, received_at timestamptz, units bigint, value numeric)
         ON CONFLICT (sku, location_id, pool, position) DO UPDATE SET received_at = excluded.received_at, units = excluded.units, value = excluded.value)`,
    );
  }
  return parts;
}
