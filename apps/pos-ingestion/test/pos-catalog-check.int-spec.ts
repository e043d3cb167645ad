// The store-operations door against the catalog it learns from Kafka, over real HTTP, the real
// broker and database: an ERP publishes items and locations on the catalog topics; a movement,
// batch, count sheet or close-short naming a SKU or a location the catalog lacks is refused 422
// with the field named and nothing taken; an inactive item or location is taken; a CSV upload
// reports an unknown SKU on its line; and while the copy is behind the catalog, what it lacks is
// answered 503 with Retry-After, never refused as unknown. The copy's progress is kept in its own
// database: a new, empty database under a KAFKA_GROUP_ID whose groups already read the catalog
// learns the whole catalog again, and a restart goes on from the positions its database holds.
import { Client } from 'pg';
import { TOPICS, type InventoryMovementV1 } from '@ledgerline/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { createKafkaClient } from '@ledgerline/messaging';
import { issueCredential, testKafkaBrokers, waitFor } from '@ledgerline/testing';
import { CatalogCopy } from '../src/catalog/catalog-copy';
import { CatalogCopySql } from '../src/catalog/catalog-copy-sql';
import { ADMIN_API_KEY, PosIngestionHarness, post, type RunningService } from './pos-ingestion-harness';

jest.setTimeout(120_000);

describe('pos-ingestion store operations against the catalog (real Kafka and PostgreSQL)', () => {
  const harness = new PosIngestionHarness('pos-catalog');
  let service: RunningService;
  let erp: string;
  let staffS1: string;

  beforeAll(async () => {
    await harness.setUp();
    service = await harness.start();
    await post(service.url, '/v1/admin/stores', { storeId: 'S1' }, ADMIN_API_KEY);
    erp = await issueCredential(service.url, ADMIN_API_KEY, ['movements:write'], 'ERP');
    staffS1 = String((await post(service.url, '/v1/admin/api-keys', { storeId: 'S1', purpose: 'store-operations' }, ADMIN_API_KEY)).body['apiKey']);
    await harness.publishCatalog(service, { skus: ['COFFEE', 'TEA'], locations: ['S1', 'W1'] });
  });

  let serviceClosed = false;

  afterAll(async () => {
    if (!serviceClosed) await service?.app.close();
    await harness.tearDown();
  });

  const at = new Date(Date.now() - 3_600_000).toISOString();
  const source = { system: 'erp' as const, documentId: 'DOC-1' };
  const receipt = (movementId: string, sku = 'COFFEE', locationId = 'W1'): InventoryMovementV1 => ({ movementId, kind: 'receipt', sku, locationId, quantity: 10, occurredAt: at, source, unitCost: '4.2500' });

  async function recorded(ids: readonly string[]): Promise<string[]> {
    const rows: Array<{ movement_id: string }> = await service.dataSource.query(`SELECT movement_id FROM pos_ingestion.movement_request WHERE movement_id = ANY($1::text[]) ORDER BY movement_id`, [ids]);
    return rows.map((row) => row.movement_id);
  }

  it('refuses a SKU or a location the catalog lacks, naming the field, and takes nothing of the request', async () => {
    expect(await post(service.url, '/v1/movements', receipt('erp:GR-X:1', 'NO-SUCH-SKU'), erp)).toMatchObject({
      status: 422,
      body: { code: 'MOVEMENTS.UNKNOWN_SKU', errors: [{ path: 'sku', code: 'MOVEMENTS.UNKNOWN_SKU', message: 'sku NO-SUCH-SKU is not an item of the catalog (catalog.items.v1)' }] },
    });
    expect(await post(service.url, '/v1/movements', receipt('erp:GR-X:2', 'COFFEE', 'NOWHERE'), erp)).toMatchObject({
      status: 422,
      body: { errors: [{ path: 'locationId', code: 'MOVEMENTS.UNKNOWN_LOCATION' }] },
    });
    const shipToNowhere = { movementId: 'erp:TR-X:out', kind: 'transfer-out', sku: 'TEA', locationId: 'W1', quantity: 2, occurredAt: at, source, transferId: 'TR-X', toLocationId: 'NOWHERE' };
    const batch = [receipt('erp:GR-X:3'), shipToNowhere, receipt('erp:GR-X:4', 'NO-SUCH-SKU')];
    expect(await post(service.url, '/v1/movements/batch', { movements: batch }, erp)).toMatchObject({
      status: 422,
      body: { errors: [{ path: 'movements[1].toLocationId', code: 'MOVEMENTS.UNKNOWN_LOCATION' }, { path: 'movements[2].sku', code: 'MOVEMENTS.UNKNOWN_SKU' }] },
    });
    const sheet = { countId: 'CNT-X', locationId: 'S1', occurredAt: at, lines: [{ sku: 'COFFEE', countedQuantity: 1 }, { sku: 'NO-SUCH-SKU', countedQuantity: 0 }] };
    expect(await post(service.url, '/v1/counts', sheet, staffS1)).toMatchObject({ status: 422, body: { errors: [{ path: 'lines[1].sku', code: 'MOVEMENTS.UNKNOWN_SKU' }] } });
    const closing = { sku: 'NO-SUCH-SKU', fromLocationId: 'NOWHERE', toLocationId: 'S1', occurredAt: at };
    expect(await post(service.url, '/v1/transfers/TR-X/close-short', closing, staffS1)).toMatchObject({
      status: 422,
      body: { errors: [{ path: 'fromLocationId', code: 'MOVEMENTS.UNKNOWN_LOCATION' }, { path: 'sku', code: 'MOVEMENTS.UNKNOWN_SKU' }] },
    });
    expect(await recorded(['erp:GR-X:1', 'erp:GR-X:2', 'erp:GR-X:3', 'erp:GR-X:4', 'erp:TR-X:out', 'count:CNT-X:COFFEE'])).toEqual([]);

    // Known: taken. Store staff still get 403 for another location, whether the catalog has it or not.
    expect(await post(service.url, '/v1/movements/batch', { movements: [receipt('erp:GR-Y:1'), { ...shipToNowhere, movementId: 'erp:TR-Y:out', transferId: 'TR-Y', toLocationId: 'S1' }] }, erp)).toMatchObject({
      status: 202,
      body: { accepted: 2 },
    });
    expect(await post(service.url, '/v1/counts', { ...sheet, countId: 'CNT-Y', lines: [{ sku: 'TEA', countedQuantity: 3 }] }, staffS1)).toMatchObject({ status: 202, body: { accepted: 1 } });
    expect(await post(service.url, '/v1/movements', receipt('erp:GR-Y:2', 'COFFEE', 'W1'), staffS1)).toMatchObject({ status: 403, body: { code: 'MOVEMENTS.STORE_MISMATCH' } });
    expect(await post(service.url, '/v1/movements', receipt('erp:GR-Y:3', 'COFFEE', 'NOWHERE'), staffS1)).toMatchObject({ status: 403, body: { code: 'MOVEMENTS.STORE_MISMATCH' } });
  });

  it('takes movements of an inactive item or at an inactive location: their stock still has to be recorded', async () => {
    await harness.publishCatalog(service, { skus: ['RETIRED'], locations: ['W9'], active: false });
    expect(await post(service.url, '/v1/movements', receipt('erp:GR-R:1', 'RETIRED', 'W9'), erp)).toMatchObject({ status: 202, body: { accepted: 1 } });
  });

  it('keeps the newest version of an item: an older one arriving later changes nothing', async () => {
    const newer = '2026-12-05T10:00:00.000Z';
    await harness.publishCatalog(service, { skus: ['VERSIONED'], active: false, updatedAt: newer });
    const older = await harness.sendCatalog({ skus: ['VERSIONED'], active: true, updatedAt: '2026-12-04T10:00:00.000Z' });
    // Asked of something it lacks, the copy answers only once it has applied the topics (the older version too).
    await waitFor(async () => (await service.runtime.catalog.known(['NOT-IN-THE-CATALOG'], [])).skus.size === 0, { description: 'the catalog copy caught up' });
    const [row] = (await service.dataSource.query(`SELECT active, source_updated_at FROM pos_ingestion.catalog_item WHERE sku = $1`, older.skus)) as Array<{ active: boolean; source_updated_at: Date }>;
    expect({ active: row?.active, updatedAt: row?.source_updated_at.toISOString() }).toEqual({ active: false, updatedAt: newer });
  });

  it('counts a catalog record that breaks its contract as applied, so the copy is not held behind by it', async () => {
    const erpProducer = new Kafka({ clientId: `${harness.prefix}-erp-broken`, brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING }).producer();
    await erpProducer.connect();
    try {
      // On every partition, the last record is one the copy sets aside.
      const topic = harness.topic(TOPICS.catalogItems.name);
      await erpProducer.send({ topic, messages: [0, 1, 2].map((partition) => ({ partition, key: `BROKEN-${partition}`, value: '{"not":"an envelope"}' })) });
    } finally {
      await erpProducer.disconnect();
    }
    await waitFor(async () => (await service.runtime.catalog.known(['NOT-IN-THE-CATALOG'], [])).skus.size === 0, { description: 'the catalog copy caught up past the broken records' });
    expect(await post(service.url, '/v1/movements', receipt('erp:GR-B:1', 'BROKEN-0'), erp)).toMatchObject({ status: 422, body: { code: 'MOVEMENTS.UNKNOWN_SKU' } });
  });

  it('reports each line of a CSV upload whose SKU the catalog lacks, on its line, and takes the others', async () => {
    const file = ['sku,quantity,unitCost', 'COFFEE,5,1.2500', 'TEA,4,2.0000', 'NO-SUCH-SKU,3,1.0000', 'ALSO-UNKNOWN,1,1.0000', ''].join('\n');
    const response = await fetch(`${service.url}/v1/imports/opening-stock?locationId=S1&importId=OPEN-X&occurredAt=2026-12-01T06:00:00Z`, {
      method: 'POST',
      headers: { authorization: `Bearer ${erp}`, 'content-type': 'text/csv; charset=utf-8' },
      body: file,
    });
    expect({ status: response.status, body: await response.json() }).toMatchObject({
      status: 200,
      body: {
        lines: 4,
        accepted: 2,
        rejected: 2,
        errors: [
          { line: 4, column: 'sku', code: 'MOVEMENTS.UNKNOWN_SKU', message: 'sku NO-SUCH-SKU is not an item of the catalog (catalog.items.v1)' },
          { line: 5, column: 'sku', code: 'MOVEMENTS.UNKNOWN_SKU', message: 'sku ALSO-UNKNOWN is not an item of the catalog (catalog.items.v1)' },
        ],
      },
    });
    expect(await recorded(['opening:OPEN-X:COFFEE', 'opening:OPEN-X:TEA', 'opening:OPEN-X:NO-SUCH-SKU'])).toEqual(['opening:OPEN-X:COFFEE', 'opening:OPEN-X:TEA']);
    const nowhere = await fetch(`${service.url}/v1/imports/count-sheet?locationId=NOWHERE&importId=C&occurredAt=2026-12-02T20:00:00Z`, {
      method: 'POST',
      headers: { authorization: `Bearer ${erp}`, 'content-type': 'text/csv' },
      body: 'sku,countedQuantity\nCOFFEE,1\n',
    });
    expect({ status: nowhere.status, body: await nowhere.json() }).toMatchObject({ status: 422, body: { code: 'MOVEMENTS.UNKNOWN_LOCATION', errors: [{ path: 'locationId' }] } });
  });

  it('answers 503 with Retry-After for what it lacks while its copy is behind the catalog, and takes it once caught up', async () => {
    // The copy stops applying (as before a fresh start catches up); the ERP publishes a new item.
    await service.runtime.catalog.stop();
    const sent = await harness.sendCatalog({ skus: ['NEW-ITEM'] });
    const behind = await post(service.url, '/v1/movements', receipt('erp:GR-N:1', 'NEW-ITEM'), erp);
    expect(behind).toMatchObject({ status: 503, body: { code: 'MOVEMENTS.CATALOG_CATCHING_UP' } });
    expect(behind.headers.get('retry-after')).toBe('5');
    // What the copy holds is still checked without waiting for it.
    expect(await post(service.url, '/v1/movements', receipt('erp:GR-N:2', 'TEA'), erp)).toMatchObject({ status: 202 });
    expect(await recorded(['erp:GR-N:1'])).toEqual([]);

    // A copy started afresh in the same groups (as after a restart) catches up: the item is then taken.
    const restarted = await restartedCopy(harness, service);
    try {
      await harness.untilCatalogHeld(service, sent);
      expect(await post(service.url, '/v1/movements', receipt('erp:GR-N:1', 'NEW-ITEM'), erp)).toMatchObject({ status: 202, body: { accepted: 1 } });
    } finally {
      await restarted.stop();
    }
  });

  describe('with the copy\'s progress in its own database', () => {
    // A second database behind the same KAFKA_GROUP_ID and topics, once the first one's service is gone.
    const second = new PosIngestionHarness('pos-catalog-2nd');
    let secondService: RunningService;
    let firstSkus: string[];

    const heldSkus = async (running: RunningService): Promise<string[]> =>
      ((await running.dataSource.query(`SELECT sku FROM pos_ingestion.catalog_item ORDER BY sku`)) as Array<{ sku: string }>).map((row) => row.sku);
    const positions = async (running: RunningService): Promise<Array<{ topic: string; partition: number; next_offset: string }>> =>
      running.dataSource.query(`SELECT topic, partition, next_offset::text AS next_offset FROM pos_ingestion.catalog_offset ORDER BY topic, partition`);

    beforeAll(async () => {
      firstSkus = await heldSkus(service);
      await service.app.close();
      serviceClosed = true;
      await second.setUp({ KAFKA_TOPIC_PREFIX: harness.prefix, KAFKA_GROUP_ID: harness.config.KAFKA_GROUP_ID });
      secondService = await second.start();
    });

    afterAll(async () => {
      await secondService?.app.close();
      await second.tearDown();
    });

    it('learns the whole catalog in a new, empty database whose groups already read it, and takes every item', async () => {
      await waitFor(async () => (await secondService.runtime.catalog.known(['NOT-IN-THE-CATALOG'], [])).skus.size === 0, { timeoutMs: 30_000, description: 'the second copy caught up' });
      expect(firstSkus).toEqual(expect.arrayContaining(['COFFEE', 'NEW-ITEM', 'RETIRED', 'TEA', 'VERSIONED']));
      expect(await heldSkus(secondService)).toEqual(firstSkus);
      const secondErp = await issueCredential(secondService.url, ADMIN_API_KEY, ['movements:write'], 'ERP');
      expect(await post(secondService.url, '/v1/movements', receipt('erp:GR-2ND:1', 'COFFEE', 'W1'), secondErp)).toMatchObject({ status: 202, body: { accepted: 1 } });
      expect(await post(secondService.url, '/v1/movements', receipt('erp:GR-2ND:2', 'NO-SUCH-SKU', 'W1'), secondErp)).toMatchObject({ status: 422, body: { code: 'MOVEMENTS.UNKNOWN_SKU' } });
    });

    it('goes on from the positions its database holds after a restart, without reading the catalog again', async () => {
      await secondService.runtime.catalog.stop();
      const before = await positions(secondService);
      // A row taken from the copy behind its back: read again from the beginning, it would come back.
      const owner = new Client({ connectionString: second.config.DATABASE_OWNER_URL });
      await owner.connect();
      try {
        await owner.query(`DELETE FROM pos_ingestion.catalog_item WHERE sku = 'COFFEE'`);
      } finally {
        await owner.end();
      }
      const sent = await harness.sendCatalog({ skus: ['AFTER-RESTART'] });

      const restarted = await restartedCopy(second, secondService);
      try {
        await second.untilCatalogHeld(secondService, sent);
        expect(await heldSkus(secondService)).not.toContain('COFFEE');
        // One record more on one partition of the items topic; every other position as it was.
        const after = await positions(secondService);
        const moved = after.filter((position) => before.find((old) => old.topic === position.topic && old.partition === position.partition)?.next_offset !== position.next_offset);
        expect(moved).toEqual([expect.objectContaining({ topic: harness.topic(TOPICS.catalogItems.name) })]);
        const [movedBefore] = before.filter((old) => old.topic === moved[0]?.topic && old.partition === moved[0]?.partition);
        expect(BigInt(moved[0]?.next_offset ?? '0') - BigInt(movedBefore?.next_offset ?? '0')).toBe(1n);
      } finally {
        await restarted.stop();
      }
    });
  });
});

/** A catalog copy started afresh on the service's database, groups and topics, as after a restart; stop it when done. */
async function restartedCopy(of: PosIngestionHarness, running: RunningService): Promise<CatalogCopy> {
  const copy = new CatalogCopy(new CatalogCopySql(running.dataSource, of.config.DATABASE_SCHEMA), {
    kafka: createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${of.prefix}-restarted` }),
    groupId: of.config.KAFKA_GROUP_ID,
    topicPrefix: of.config.KAFKA_TOPIC_PREFIX,
    onFatal: (error) => {
      throw error;
    },
  });
  await copy.start();
  return copy;
}
