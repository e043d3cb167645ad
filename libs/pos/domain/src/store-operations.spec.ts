import { inventoryMovementV1Examples, inventoryMovementV1Schema, validateContract } from '@ledgerline/contracts';
import { checkCatalogKnown, checkTransferLineKnown, checkStoreOperation, checkTransferReceipt, closeShortMovements, locationsNamed, transferLineOf, type MovementCaller } from './index';

const { receipt, sale, count } = inventoryMovementV1Examples;
const transferOut = inventoryMovementV1Examples['transfer-out'];
const transferIn = inventoryMovementV1Examples['transfer-in'];
const erp: MovementCaller = { kind: 'service', keyId: 'k1' };
const storeS001: MovementCaller = { kind: 'store', keyId: 'k2', storeId: 'S001' };

describe('checkStoreOperation', () => {
  it('lets a service credential post every store-operation kind anywhere', () => {
    for (const movement of [receipt, count, transferOut, transferIn, inventoryMovementV1Examples.adjustment, inventoryMovementV1Examples['order-placed']]) {
      expect(checkStoreOperation(movement, erp)).toBeNull();
    }
  });

  it("refuses another store's location to store staff before anything else", () => {
    expect(checkStoreOperation(count, storeS001)).toBeNull();
    expect(checkStoreOperation(receipt, storeS001)).toMatchObject({ code: 'MOVEMENTS.STORE_MISMATCH', path: 'locationId' });
    expect(checkStoreOperation({ ...sale, locationId: 'S999' }, storeS001)).toMatchObject({ code: 'MOVEMENTS.STORE_MISMATCH' });
  });

  it('refuses POS kinds, what the ledger derives and the reserved sources', () => {
    expect(checkStoreOperation(sale, erp)).toMatchObject({ code: 'MOVEMENTS.KIND_NOT_ACCEPTED', path: 'kind' });
    expect(checkStoreOperation(inventoryMovementV1Examples['transfer-shipped'], erp)).toMatchObject({ code: 'MOVEMENTS.KIND_NOT_ACCEPTED' });
    expect(checkStoreOperation({ ...inventoryMovementV1Examples['landed-cost-variance'], source: { system: 'erp' } }, erp)).toMatchObject({ code: 'MOVEMENTS.KIND_NOT_ACCEPTED' });
    expect(checkStoreOperation({ ...inventoryMovementV1Examples['valuation-method-change'], source: { system: 'erp' } }, erp)).toMatchObject({ code: 'MOVEMENTS.KIND_NOT_ACCEPTED' });
    expect(checkStoreOperation(inventoryMovementV1Examples['landed-cost'], erp)).toBeNull();
    expect(checkStoreOperation({ ...receipt, source: { system: 'ledger' } }, erp)).toMatchObject({ code: 'MOVEMENTS.SOURCE_NOT_ACCEPTED', path: 'source.system' });
  });
});

describe('what the catalog holds', () => {
  const known = (skus: string[], locations: string[]) => ({ skus: new Set(skus), locations: new Set(locations) });

  it('names the location and the other end of a transfer', () => {
    expect(locationsNamed(transferOut)).toEqual([{ path: 'locationId', locationId: 'W01' }, { path: 'toLocationId', locationId: 'S001' }]);
  });

  it('refuses every location the catalog lacks, the other end of a transfer too, and the SKU', () => {
    expect(checkCatalogKnown(transferIn, known([transferIn.sku], ['S001']))).toEqual([
      { code: 'MOVEMENTS.UNKNOWN_LOCATION', path: 'fromLocationId', message: 'fromLocationId W01 is not a location of the catalog (catalog.locations.v1)' },
    ]);
    expect(checkCatalogKnown(transferIn, known([], []))).toEqual([
      expect.objectContaining({ code: 'MOVEMENTS.UNKNOWN_LOCATION', path: 'locationId' }),
      expect.objectContaining({ code: 'MOVEMENTS.UNKNOWN_LOCATION', path: 'fromLocationId' }),
      { code: 'MOVEMENTS.UNKNOWN_SKU', path: 'sku', message: `sku ${transferIn.sku} is not an item of the catalog (catalog.items.v1)` },
    ]);
  });

  it('takes a movement whose SKU and locations the catalog holds', () => {
    expect(checkCatalogKnown(transferIn, known([transferIn.sku], ['S001', 'W01']))).toEqual([]);
    expect(checkCatalogKnown(receipt, known([receipt.sku], [receipt.locationId]))).toEqual([]);
  });

  it('names the fields of a transfer line to close short', () => {
    const line = transferLineOf(transferIn);
    expect(checkTransferLineKnown(line, known([], ['W01']))).toEqual([
      expect.objectContaining({ code: 'MOVEMENTS.UNKNOWN_LOCATION', path: 'toLocationId' }),
      expect.objectContaining({ code: 'MOVEMENTS.UNKNOWN_SKU', path: 'sku' }),
    ]);
    expect(checkTransferLineKnown(line, known([line.sku], ['W01', 'S001']))).toEqual([]);
  });
});

describe('transfers', () => {
  it('names one transfer line the same from either end', () => {
    expect(transferLineOf(transferOut)).toEqual(transferLineOf(transferIn));
  });

  it('receives at most what was shipped and not yet received', () => {
    expect(checkTransferReceipt(transferIn, { shipped: 24, received: 0 })).toBeNull();
    expect(checkTransferReceipt(transferIn, { shipped: 30, received: 10 })).toMatchObject({ code: 'MOVEMENTS.RECEIVED_MORE_THAN_SHIPPED', message: 'quantity 24 is more than the 20 shipped and not yet received' });
    expect(checkTransferReceipt(transferIn, { shipped: 0, received: 0 })).toMatchObject({ code: 'MOVEMENTS.TRANSFER_NOT_SHIPPED' });
  });

  it('closes a short transfer with a receipt of the missing units and a documented loss, both valid movements', () => {
    const closing = closeShortMovements({ line: transferLineOf(transferOut), progress: { shipped: 24, received: 20 }, occurredAt: '2025-03-02T08:00:00Z', system: 'wms' });
    if (!Array.isArray(closing)) throw new Error(closing.message);
    expect(closing.map((movement) => [movement.kind, movement.locationId, 'quantity' in movement ? movement.quantity : null])).toEqual([
      ['transfer-in', 'S001', 4],
      ['adjustment', 'S001', -4],
    ]);
    expect(closing[1]).toMatchObject({ reasonCode: 'lost', note: expect.stringContaining('4 of 24 never arrived') });
    for (const movement of closing) expect(validateContract(inventoryMovementV1Schema, movement).ok).toBe(true);
    expect(closeShortMovements({ line: transferLineOf(transferOut), progress: { shipped: 24, received: 24 }, occurredAt: '2025-03-02T08:00:00Z', system: 'wms' })).toMatchObject({ code: 'MOVEMENTS.NOTHING_MISSING' });
  });
});
