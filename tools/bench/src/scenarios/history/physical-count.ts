// A store counting many items at once: one count movement per SKU at the location with the most
// SKUs, published together as the store's count sheet would be, timed from the first record sent
// until the ledger has applied every one (each count and its variance are written in one batch).
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import type { MovementOfKind } from '@ledgerline/contracts';
import { produceAll } from '../../infra/bulk-producer';
import { LEDGER_SCHEMA } from '../../infra/services';
import type { ServiceProcess } from '../../infra/service-process';
import type { Figure } from '../../report/bench-report';
import type { HistoryKeys } from '../../workload/history-keys';
import { encodeMovement } from '../../workload/movement-workload';
import { seededRandom } from '../../workload/seeded-random';

export async function measurePhysicalCount(
  kafka: Kafka,
  movementsTopic: string,
  ledger: ServiceProcess,
  databaseUrl: string,
  keys: HistoryKeys,
  { items, runId }: { items: number; runId: string },
): Promise<Figure[]> {
  const { locationId, skus } = keys.busiestLocation(items);
  const countId = `CNT-${runId}`;
  const random = seededRandom(11);
  const occurredAt = new Date().toISOString();
  const counts: Array<MovementOfKind<'count'>> = skus.map((sku) => ({
    movementId: `ops:${countId}:${sku}`,
    kind: 'count',
    sku,
    locationId,
    occurredAt,
    source: { system: 'ops', storeId: locationId, documentId: countId },
    countId,
    countedQuantity: Math.floor(random() * 200),
  }));
  const ids = counts.map((count) => count.movementId);
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-count' });
  await client.connect();
  try {
    const started = Date.now();
    await produceAll(kafka, movementsTopic, counts.map((count) => encodeMovement(count, 'ops')));
    const deadline = started + 120_000 + counts.length * 20;
    for (;;) {
      ledger.assertRunning();
      // The ids' own index: the partitioned movement table holds none on movement_id, and the
      // ids are written in the same statement or transaction as the movements.
      const { rows } = await client.query<{ applied: string }>(`SELECT count(*) AS applied FROM ${LEDGER_SCHEMA}.applied_movement_id WHERE movement_id = ANY($1::text[])`, [ids]);
      if (Number(rows[0]?.applied) === ids.length) break;
      if (Date.now() > deadline) throw new Error(`the ledger applied ${rows[0]?.applied} of the ${ids.length} count movements in ${(Date.now() - started) / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (Date.now() - started) / 1000;
    return [
      {
        measure: 'physical count applied',
        value: seconds,
        unit: 's',
        note: `${ids.length.toLocaleString('en-US')} count movements at ${locationId} (${ids.length < items ? 'every SKU it holds' : 'as many of its SKUs'}) published at once, from the first sent until all applied`,
      },
    ];
  } finally {
    await client.end();
  }
}
