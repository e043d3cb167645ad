// The values a drill's FIFO keys were booked at, held to the domain's fold of the same movements
// in the order the ledger applied them. A drill delivers movements in an order of its own making
// (shuffled, duplicated, through two instances), so no value can be written down in advance; the
// order the ledger applied is on each key's rows (balance_version), and replayed in that order
// the movements must give every row's value and cost of goods sold and the key's stored layers,
// to the ten-thousandth. What it catches: a layer written out of order, a partial take or a merge
// stored differently from how it was valued, a batch applied again on stale layers.
import type { Client } from 'pg';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { NO_LAYERS, applyMovements, type FifoLayer } from '@ledgerline/inventory-domain';
import { formatMoney, parseMoney } from '@ledgerline/money';
import { toDomainMovement } from '../../../apps/inventory-ledger/src/ledger/movement-mapper';

/** What was compared, and every difference found (empty when the ledger agrees). */
export interface FifoReplay {
  rows: number;
  layers: number;
  differences: string[];
}

export async function replayFifoKeys(db: Client, schema: string, keys: readonly string[], sent: readonly InventoryMovementV1[]): Promise<FifoReplay> {
  const byId = new Map(sent.map((movement) => [movement.movementId, movement]));
  const replay: FifoReplay = { rows: 0, layers: 0, differences: [] };
  for (const key of keys) {
    const [sku, locationId] = key.split('@') as [string, string];
    const { rows } = await db.query<{ movement_id: string; value_delta: string; cost_of_goods_sold: string }>(
      `SELECT movement_id, value_delta::text, cost_of_goods_sold::text FROM "${schema}".movement WHERE sku = $1 AND location_id = $2 ORDER BY balance_version`,
      [sku, locationId],
    );
    const inOrder = rows.map((row) => byId.get(row.movement_id));
    if (inOrder.some((movement) => movement === undefined)) {
      replay.differences.push(`${key}: the ledger holds movements the drill did not send`);
      continue;
    }
    const outcome = applyMovements(new Map(), inOrder.map((movement) => toDomainMovement(movement!, 'EUR')), () => ({}), { fifoLayersOf: () => NO_LAYERS });
    outcome.entries.forEach(({ movement, outcome: booked }, index) => {
      const stored = rows[index]!;
      const expected = `${formatMoney(booked.valueDelta)} ${formatMoney(booked.costOfGoodsSold)}`;
      if (`${stored.value_delta} ${stored.cost_of_goods_sold}` !== expected) {
        replay.differences.push(`${key}: ${movement.movementId} booked ${stored.value_delta} ${stored.cost_of_goods_sold}, replayed ${expected}`);
      }
    });
    replay.rows += rows.length;
    const expectedLayers = outcome.changes.values().next().value?.layers?.after.onHand ?? [];
    const storedLayers = await onHandLayers(db, schema, sku, locationId);
    replay.layers += storedLayers.length;
    if (layersText(storedLayers) !== layersText(expectedLayers)) {
      replay.differences.push(`${key}: stored layers ${layersText(storedLayers)}, replayed ${layersText(expectedLayers)}`);
    }
  }
  return replay;
}

async function onHandLayers(db: Client, schema: string, sku: string, locationId: string): Promise<FifoLayer[]> {
  const { rows } = await db.query<{ units: string; value: string; received_at: Date }>(
    `SELECT units, value::text, received_at FROM "${schema}".stock_layer WHERE sku = $1 AND location_id = $2 AND pool = 'on-hand' ORDER BY position`,
    [sku, locationId],
  );
  return rows.map((row) => ({ units: Number(row.units), value: parseMoney(row.value), receivedAt: row.received_at.getTime() }));
}

function layersText(layers: readonly FifoLayer[]): string {
  return layers.map((layer) => `${layer.units}@${formatMoney(layer.value)}/${new Date(layer.receivedAt).toISOString()}`).join(', ') || 'none';
}
