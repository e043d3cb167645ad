// The movements front door over real HTTP, against the real broker and database: every kind of
// store operation lands on inventory.movements.v1 once, as the contract states it, before it is
// answered; the same id and body is a duplicate, other content a 409 with nothing taken; store
// staff post for their store only (the same 403 for an unknown store); tills cannot post here and
// store-operations keys cannot post POS transactions; every bad input gets its own 4xx.
import { inventoryMovementV1Examples, type InventoryMovementV1 } from '@ledgerline/contracts';
import { issueCredential } from '@ledgerline/testing';
import { ADMIN_API_KEY, PosIngestionHarness, post, sale, type RunningService } from './pos-ingestion-harness';

jest.setTimeout(90_000);

describe('pos-ingestion store operations (real Kafka and PostgreSQL)', () => {
  const harness = new PosIngestionHarness('pos-store-ops');
  let service: RunningService;
  let erp: string;
  let staffS1: string;
  let tillS1: string;

  beforeAll(async () => {
    await harness.setUp();
    service = await harness.start();
    for (const storeId of ['S1', 'S2', 'W1']) await post(service.url, '/v1/admin/stores', { storeId }, ADMIN_API_KEY);
    erp = await issueCredential(service.url, ADMIN_API_KEY, ['movements:write'], 'ERP');
    const staff = await post(service.url, '/v1/admin/api-keys', { storeId: 'S1', purpose: 'store-operations', label: 'S1 staff' }, ADMIN_API_KEY);
    expect(staff).toMatchObject({ status: 201, body: { purpose: 'store-operations' } });
    staffS1 = String(staff.body['apiKey']);
    tillS1 = (await harness.credentialFor(service.url, 'S1', 'T01')).apiKey;
    await harness.publishCatalog(service, { skus: ['A', 'COFFEE', 'TEA'], locations: ['S1', 'S2', 'W1'] });
  });

  afterAll(async () => {
    await service?.app.close();
    await harness.tearDown();
  });

  const at = new Date(Date.now() - 3_600_000).toISOString();
  const source = { system: 'erp' as const, documentId: 'DOC-1' };
  const receipt = (movementId: string, locationId = 'W1', quantity = 10): InventoryMovementV1 => ({
    movementId, kind: 'receipt', sku: 'COFFEE', locationId, quantity, occurredAt: at, source, unitCost: '4.2500', purchaseOrderId: 'PO-1',
  });

  it('puts every kind on the movements topic as posted, once, and answers a re-post as a duplicate', async () => {
    const movements: InventoryMovementV1[] = [
      { movementId: 'erp:PO-1:1', kind: 'order-placed', sku: 'COFFEE', locationId: 'W1', quantity: 50, occurredAt: at, source, purchaseOrderId: 'PO-1' },
      receipt('erp:GR-1:1', 'W1', 40),
      { movementId: 'erp:PO-1:cancel', kind: 'order-cancelled', sku: 'COFFEE', locationId: 'W1', quantity: 10, occurredAt: at, source, purchaseOrderId: 'PO-1' },
      { movementId: 'erp:ADJ-1', kind: 'adjustment', sku: 'COFFEE', locationId: 'W1', quantity: -2, occurredAt: at, source, reasonCode: 'damaged', note: 'dropped' },
      { movementId: 'wms:TR-1:out', kind: 'transfer-out', sku: 'COFFEE', locationId: 'W1', quantity: 12, occurredAt: at, source, transferId: 'TR-1', toLocationId: 'S1' },
    ];
    const answer = await post(service.url, '/v1/movements/batch', { movements }, erp);
    expect(answer).toMatchObject({ status: 202, body: { accepted: 5, duplicates: 0 } });
    const received = { movementId: 'wms:TR-1:in', kind: 'transfer-in', sku: 'COFFEE', locationId: 'S1', quantity: 9, occurredAt: at, source, transferId: 'TR-1', fromLocationId: 'W1' };
    expect(await post(service.url, '/v1/movements', received, staffS1)).toMatchObject({ status: 202, body: { movements: [{ movementId: 'wms:TR-1:in', status: 'accepted' }] } });
    const sheet = { countId: 'CNT-1', locationId: 'S1', occurredAt: at, lines: [{ sku: 'COFFEE', countedQuantity: 8 }, { sku: 'TEA', countedQuantity: 0 }] };
    expect(await post(service.url, '/v1/counts', sheet, staffS1)).toMatchObject({ status: 202, body: { accepted: 2 } });
    const closing = await post(service.url, '/v1/transfers/TR-1/close-short', { sku: 'COFFEE', fromLocationId: 'W1', toLocationId: 'S1', occurredAt: at }, staffS1);
    expect(closing).toMatchObject({ status: 202, body: { accepted: 2 } });

    // Posted again: the same answers, as duplicates, and nothing new on the topic.
    expect(await post(service.url, '/v1/movements/batch', { movements }, erp)).toMatchObject({ status: 202, body: { accepted: 0, duplicates: 5 } });
    expect(await post(service.url, '/v1/counts', sheet, staffS1)).toMatchObject({ status: 202, body: { duplicates: 2 } });

    const ids = [...movements.map((movement) => movement.movementId), 'wms:TR-1:in', 'count:CNT-1:COFFEE', 'count:CNT-1:TEA', 'close-short:TR-1:COFFEE:S1:in', 'close-short:TR-1:COFFEE:S1:lost'];
    const onTopic = await harness.movementsUntil(ids);
    expect(onTopic.map((message) => message.movement.movementId).sort()).toEqual([...ids].sort());
    expect(onTopic.find((message) => message.movement.movementId === 'erp:GR-1:1')?.movement).toEqual(movements[1]);
    expect(onTopic.find((message) => message.movement.movementId === 'wms:TR-1:out')?.key).toBe('COFFEE@W1');
    const lost = onTopic.find((message) => message.movement.movementId === 'close-short:TR-1:COFFEE:S1:lost')?.movement;
    expect(lost).toMatchObject({ kind: 'adjustment', locationId: 'S1', quantity: -3, reasonCode: 'lost' });
  });

  it('takes a landed cost against a receipt to the movements topic, and refuses one of zero or a variance only the ledger derives', async () => {
    const freight = { movementId: 'erp:FRT-1:1', kind: 'landed-cost', sku: 'COFFEE', locationId: 'W1', occurredAt: at, source, receiptMovementId: 'erp:GR-1:1', amount: '-3.5000', costType: 'price-correction' };
    expect(await post(service.url, '/v1/movements', freight, erp)).toMatchObject({ status: 202, body: { accepted: 1 } });
    expect(await post(service.url, '/v1/movements', { ...freight, amount: '-3.6000' }, erp)).toMatchObject({ status: 409, body: { code: 'MOVEMENTS.CONFLICT' } });
    expect(await post(service.url, '/v1/movements', { ...freight, movementId: 'erp:FRT-1:2', amount: '0.0000' }, erp)).toMatchObject({ status: 422, body: { errors: [{ path: 'amount' }] } });
    const variance = { ...freight, movementId: 'erp:FRT-1:3', kind: 'landed-cost-variance' };
    expect(await post(service.url, '/v1/movements', variance, erp)).toMatchObject({ status: 422, body: { errors: [{ path: 'kind', code: 'MOVEMENTS.KIND_NOT_ACCEPTED' }] } });
    const onTopic = (await harness.movementsUntil([freight.movementId])).filter((message) => message.movement.kind === 'landed-cost');
    expect(onTopic).toEqual([expect.objectContaining({ key: 'COFFEE@W1', movement: freight })]);
  });

  it('answers the same id with other content 409 and takes nothing of that request', async () => {
    expect(await post(service.url, '/v1/movements', receipt('erp:GR-2:1'), erp)).toMatchObject({ status: 202 });
    const conflict = await post(service.url, '/v1/movements/batch', { movements: [receipt('erp:GR-2:2'), receipt('erp:GR-2:1', 'W1', 11)] }, erp);
    expect(conflict).toMatchObject({ status: 409, body: { code: 'MOVEMENTS.CONFLICT', errors: [{ path: 'movements[1].movementId', code: 'MOVEMENTS.CONFLICT' }] } });
    expect(await post(service.url, '/v1/movements', receipt('erp:GR-2:2', 'W1', 99), erp)).toMatchObject({ status: 202, body: { accepted: 1 } });
  });

  it('lets store staff post for their store only, with one answer for another store and an unknown one', async () => {
    const other = await post(service.url, '/v1/movements', receipt('ops:R-S2', 'S2'), staffS1);
    const unknown = await post(service.url, '/v1/movements', receipt('ops:R-S9', 'S9'), staffS1);
    expect(other).toMatchObject({ status: 403, body: { code: 'MOVEMENTS.STORE_MISMATCH' } });
    expect(unknown.status).toBe(other.status);
    expect((unknown.body['message'] as string).replace('S9', 'S2')).toBe(other.body['message']);
    const sheet = { countId: 'CNT-9', locationId: 'S2', occurredAt: at, lines: [{ sku: 'COFFEE', countedQuantity: 1 }] };
    expect(await post(service.url, '/v1/counts', sheet, staffS1)).toMatchObject({ status: 403, body: { code: 'MOVEMENTS.STORE_MISMATCH' } });
  });

  it('keeps till keys and store-operations keys to their own routes', async () => {
    expect(await post(service.url, '/v1/movements', receipt('ops:R-T', 'S1'), tillS1)).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
    expect(await post(service.url, '/v1/transactions', sale('S1', 'TX-STAFF'), staffS1)).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
    expect(await post(service.url, '/v1/movements', receipt('ops:R-X', 'S1'), 'pk_unknownkey_secret')).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_CREDENTIAL' } });
  });

  it.each<[string, string, unknown, number, string, string]>([
    ['an unknown location', '/v1/movements', receipt('e:1', 'NOWHERE'), 422, 'MOVEMENTS.UNKNOWN_LOCATION', 'locationId'],
    ['an unknown SKU', '/v1/movements', { ...receipt('e:7'), sku: 'NO-SUCH-SKU' }, 422, 'MOVEMENTS.UNKNOWN_SKU', 'sku'],
    ['a zero quantity', '/v1/movements', { ...receipt('e:2'), quantity: 0 }, 422, 'INTAKE.VALIDATION_FAILED', 'quantity'],
    ['a negative count', '/v1/counts', { countId: 'C-N', locationId: 'S1', occurredAt: at, lines: [{ sku: 'A', countedQuantity: -1 }] }, 422, 'INTAKE.VALIDATION_FAILED', 'lines[0].countedQuantity'],
    ['a SKU counted twice on a sheet', '/v1/counts', { countId: 'C-D', locationId: 'S1', occurredAt: at, lines: [{ sku: 'A', countedQuantity: 1 }, { sku: 'A', countedQuantity: 2 }] }, 422, 'INTAKE.VALIDATION_FAILED', 'lines[1].sku'],
    ['a transfer to the same location', '/v1/movements', { ...inventoryMovementV1Examples['transfer-out'], movementId: 'e:3', locationId: 'W1', toLocationId: 'W1', occurredAt: at }, 422, 'INTAKE.VALIDATION_FAILED', 'toLocationId'],
    ['receiving more than was shipped', '/v1/movements', { movementId: 'e:4', kind: 'transfer-in', sku: 'COFFEE', locationId: 'S1', quantity: 13, occurredAt: at, source, transferId: 'TR-1', fromLocationId: 'W1' }, 422, 'MOVEMENTS.RECEIVED_MORE_THAN_SHIPPED', 'quantity'],
    ['receiving a transfer never shipped', '/v1/movements', { movementId: 'e:5', kind: 'transfer-in', sku: 'COFFEE', locationId: 'S1', quantity: 1, occurredAt: at, source, transferId: 'TR-9', fromLocationId: 'W1' }, 422, 'MOVEMENTS.TRANSFER_NOT_SHIPPED', 'transferId'],
    ['a sale', '/v1/movements', { ...inventoryMovementV1Examples.sale, movementId: 'e:6', locationId: 'S1' }, 422, 'MOVEMENTS.KIND_NOT_ACCEPTED', 'kind'],
    ['closing a transfer with nothing missing', '/v1/transfers/TR-1/close-short', { sku: 'COFFEE', fromLocationId: 'W1', toLocationId: 'S1', occurredAt: at }, 422, 'MOVEMENTS.NOTHING_MISSING', 'sku'],
  ])('refuses %s', async (_what, path, body, status, code, field) => {
    const answer = await post(service.url, path, body, erp);
    expect(answer).toMatchObject({ status, body: { code } });
    expect((answer.body['errors'] as Array<{ path: string }>).map((error) => error.path)).toContain(field);
  });

  it('refuses a body that is not JSON', async () => {
    expect(await post(service.url, '/v1/movements', 'quantity=1', erp, { 'content-type': 'text/plain' })).toMatchObject({ status: 415 });
  });
});
