// Receiving over HTTP what was shipped over Kafka, against the real broker and database. Acting as
// the ledger, the test publishes the stock-changed events of applied shipments as the ledger
// writes them (the transfer-out at the source, the transfer-shipped it derives at the
// destination, both naming the transfer; one event twice); pos-ingestion learns each shipment and
// takes a store's receipt up to what was shipped, refusing the rest, exactly as for a line shipped
// over HTTP. A line shipped through both doors under one movement id counts once. Receipts the
// ledger applied, posted over Kafka or here, count against what an HTTP receipt may still receive,
// each movement id once.
import type { InventoryMovementV1, StockChangedV1 } from '@ledgerline/contracts';
import { issueCredential, waitFor } from '@ledgerline/testing';
import { ADMIN_API_KEY, PosIngestionHarness, post, type LedgerStandIn, type RunningService } from './pos-ingestion-harness';

jest.setTimeout(120_000);

describe('pos-ingestion receipts of transfers shipped over Kafka (real Kafka and PostgreSQL)', () => {
  const harness = new PosIngestionHarness('pos-kafka-shipped');
  let service: RunningService;
  let ledger: LedgerStandIn;
  let staffS1: string;
  let wms: string;
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const source = { system: 'wms' as const, documentId: 'RCV-1' };

  /** The two events the ledger publishes for a shipment it applied, as it writes them. */
  function shipmentEvents(transferOutId: string, transferId: string, quantity: number): StockChangedV1[] {
    const balance = { inTransit: 0, onOrder: 0, inventoryValue: '0', averageUnitCost: '1.0000', costOfGoodsSold: '0', occurredAt: at, appliedAt: at };
    return [
      { ...balance, movementId: transferOutId, kind: 'transfer-out', sku: 'COFFEE', locationId: 'W1', quantityDelta: -quantity, onHand: 100 - quantity, balanceVersion: 2, transferId },
      { ...balance, movementId: `${transferOutId}:shipped`, kind: 'transfer-shipped', sku: 'COFFEE', locationId: 'S1', quantityDelta: 0, onHand: 0, inTransit: quantity, balanceVersion: 1, transferId, fromLocationId: 'W1' },
    ];
  }

  /** The event the ledger publishes for a transfer receipt it applied at S1, as it writes it. */
  function receiptEvent(movementId: string, transferId: string, quantity: number): StockChangedV1 {
    return {
      movementId, kind: 'transfer-in', sku: 'COFFEE', locationId: 'S1', quantityDelta: quantity, onHand: quantity, inTransit: 0, onOrder: 0, inventoryValue: '0',
      averageUnitCost: '1.0000', costOfGoodsSold: '0', occurredAt: at, appliedAt: at, balanceVersion: 3, transferId, fromLocationId: 'W1',
    };
  }

  const publish = (events: StockChangedV1[]) => ledger.publish(events);

  const receipt = (movementId: string, transferId: string, quantity: number): InventoryMovementV1 => ({
    movementId, kind: 'transfer-in', sku: 'COFFEE', locationId: 'S1', quantity, occurredAt: at, source, transferId, fromLocationId: 'W1',
  });

  /** Waits until the front door knows the whole shipment (both its events handled). */
  const shipmentLearnt = (movementId: string) =>
    waitFor(
      async () => {
        const rows: unknown[] = await service.dataSource.query(
          `SELECT 1 FROM "${harness.config.DATABASE_SCHEMA}".ledger_shipment WHERE movement_id = $1 AND quantity IS NOT NULL AND to_location_id IS NOT NULL`,
          [movementId],
        );
        return rows.length === 1;
      },
      { timeoutMs: 30_000, description: `shipment ${movementId} learnt from the ledger's events` },
    );

  const receiptLearnt = (movementId: string) =>
    waitFor(
      async () => ((await service.dataSource.query(`SELECT 1 FROM "${harness.config.DATABASE_SCHEMA}".ledger_receipt WHERE movement_id = $1`, [movementId])) as unknown[]).length === 1,
      { timeoutMs: 30_000, description: `receipt ${movementId} learnt from the ledger's events` },
    );

  beforeAll(async () => {
    await harness.setUp();
    service = await harness.start();
    for (const storeId of ['S1', 'W1']) await post(service.url, '/v1/admin/stores', { storeId }, ADMIN_API_KEY);
    staffS1 = String((await post(service.url, '/v1/admin/api-keys', { storeId: 'S1', purpose: 'store-operations', label: 'S1 back office' }, ADMIN_API_KEY)).body['apiKey']);
    wms = await issueCredential(service.url, ADMIN_API_KEY, ['movements:write'], 'WMS');
    ledger = await harness.ledgerStandIn();
    await harness.publishCatalog(service, { skus: ['COFFEE'], locations: ['S1', 'W1'] });
  });

  afterAll(async () => {
    await ledger?.disconnect();
    await service?.app.close();
    await harness.tearDown();
  });

  it('takes a receipt of a Kafka-shipped line up to what was shipped and refuses the rest', async () => {
    const notYet = await post(service.url, '/v1/movements', receipt('s1:TR-K:in:1', 'TR-K', 6), staffS1);
    expect(notYet).toMatchObject({ status: 422, body: { errors: [{ path: 'transferId', code: 'MOVEMENTS.TRANSFER_NOT_SHIPPED' }] } });

    const [out, shipped] = shipmentEvents('erp:TR-K:out', 'TR-K', 10);
    await publish([shipped!, out!]);
    await publish([out!]); // a redelivery: the shipment is not counted twice
    await shipmentLearnt('erp:TR-K:out');

    expect(await post(service.url, '/v1/movements', receipt('s1:TR-K:in:1', 'TR-K', 6), staffS1)).toMatchObject({ status: 202, body: { accepted: 1 } });
    const beyond = await post(service.url, '/v1/movements', receipt('s1:TR-K:in:2', 'TR-K', 5), staffS1);
    expect(beyond).toMatchObject({ status: 422, body: { errors: [{ path: 'quantity', code: 'MOVEMENTS.RECEIVED_MORE_THAN_SHIPPED' }] } });
    expect(await post(service.url, '/v1/movements', receipt('s1:TR-K:in:2', 'TR-K', 4), staffS1)).toMatchObject({ status: 202, body: { accepted: 1 } });
    const nothingLeft = await post(service.url, '/v1/movements', receipt('s1:TR-K:in:3', 'TR-K', 1), staffS1);
    expect(nothingLeft).toMatchObject({ status: 422, body: { errors: [{ code: 'MOVEMENTS.RECEIVED_MORE_THAN_SHIPPED' }] } });
  });

  it('counts a line shipped over HTTP and then applied by the ledger once, under its movement id', async () => {
    const out: InventoryMovementV1 = { movementId: 'wms:TR-B:out', kind: 'transfer-out', sku: 'COFFEE', locationId: 'W1', quantity: 5, occurredAt: at, source, transferId: 'TR-B', toLocationId: 'S1' };
    expect(await post(service.url, '/v1/movements', out, wms)).toMatchObject({ status: 202, body: { accepted: 1 } });
    await publish(shipmentEvents('wms:TR-B:out', 'TR-B', 5));
    await shipmentLearnt('wms:TR-B:out');

    const beyond = await post(service.url, '/v1/movements', receipt('s1:TR-B:in', 'TR-B', 6), staffS1);
    expect(beyond).toMatchObject({ status: 422, body: { errors: [{ code: 'MOVEMENTS.RECEIVED_MORE_THAN_SHIPPED', message: expect.stringContaining('the 5 shipped') }] } });
    expect(await post(service.url, '/v1/movements', receipt('s1:TR-B:in', 'TR-B', 5), staffS1)).toMatchObject({ status: 202, body: { accepted: 1 } });
  });

  it('does not count a shipment whose transfer-out event has not come, and closes a Kafka-shipped line short', async () => {
    const [out, shipped] = shipmentEvents('erp:TR-H:out', 'TR-H', 8);
    await publish([shipped!]);
    await waitFor(async () => ((await service.dataSource.query(`SELECT 1 FROM "${harness.config.DATABASE_SCHEMA}".ledger_shipment WHERE movement_id = 'erp:TR-H:out'`)) as unknown[]).length === 1, {
      description: 'the shipment half learnt',
    });
    const halfKnown = await post(service.url, '/v1/movements', receipt('s1:TR-H:in', 'TR-H', 1), staffS1);
    expect(halfKnown).toMatchObject({ status: 422, body: { errors: [{ code: 'MOVEMENTS.TRANSFER_NOT_SHIPPED' }] } });

    await publish([out!]);
    await shipmentLearnt('erp:TR-H:out');
    expect(await post(service.url, '/v1/movements', receipt('s1:TR-H:in', 'TR-H', 6), staffS1)).toMatchObject({ status: 202 });
    const closing = await post(service.url, '/v1/transfers/TR-H/close-short', { sku: 'COFFEE', fromLocationId: 'W1', toLocationId: 'S1', occurredAt: at }, staffS1);
    expect(closing).toMatchObject({ status: 202, body: { accepted: 2 } });
    const onTopic = await harness.movementsUntil(['close-short:TR-H:COFFEE:S1:in']);
    expect(onTopic.find((message) => message.movement.movementId === 'close-short:TR-H:COFFEE:S1:in')?.movement).toMatchObject({ kind: 'transfer-in', quantity: 2, transferId: 'TR-H', fromLocationId: 'W1' });
  });

  it('counts the receipts the ledger applied, from Kafka or from here, against what an HTTP receipt may still receive, each once', async () => {
    await publish(shipmentEvents('erp:TR-R:out', 'TR-R', 10));
    await shipmentLearnt('erp:TR-R:out');
    // A WMS received 4 over Kafka; the ledger's event comes twice.
    await publish([receiptEvent('wms:TR-R:in:1', 'TR-R', 4), receiptEvent('wms:TR-R:in:1', 'TR-R', 4)]);
    await receiptLearnt('wms:TR-R:in:1');
    const beyond = await post(service.url, '/v1/movements', receipt('s1:TR-R:in:1', 'TR-R', 7), staffS1);
    expect(beyond).toMatchObject({ status: 422, body: { errors: [{ path: 'quantity', code: 'MOVEMENTS.RECEIVED_MORE_THAN_SHIPPED' }] } });
    expect(await post(service.url, '/v1/movements', receipt('s1:TR-R:in:1', 'TR-R', 3), staffS1)).toMatchObject({ status: 202, body: { accepted: 1 } });

    // The receipt taken here, applied by the ledger, is still counted once: 3 are left.
    await publish([receiptEvent('s1:TR-R:in:1', 'TR-R', 3)]);
    await receiptLearnt('s1:TR-R:in:1');
    expect(await post(service.url, '/v1/movements', receipt('s1:TR-R:in:2', 'TR-R', 4), staffS1)).toMatchObject({ status: 422, body: { errors: [{ code: 'MOVEMENTS.RECEIVED_MORE_THAN_SHIPPED' }] } });
    expect(await post(service.url, '/v1/movements', receipt('s1:TR-R:in:2', 'TR-R', 3), staffS1)).toMatchObject({ status: 202, body: { accepted: 1 } });
    const closing = await post(service.url, '/v1/transfers/TR-R/close-short', { sku: 'COFFEE', fromLocationId: 'W1', toLocationId: 'S1', occurredAt: at }, staffS1);
    expect(closing).toMatchObject({ status: 422, body: { code: 'MOVEMENTS.NOTHING_MISSING' } });
  });
});
