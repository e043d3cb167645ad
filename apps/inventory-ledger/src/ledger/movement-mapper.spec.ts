// The mapper carries value exactly: a shipment's exact total survives the wire, an older producer's
// unit cost alone is valued as it always was, and a cost in another currency is converted at its
// rate or refused.
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import { LedgerError, applyAllOnce, balanceOf, emptyLedger, type TransferShippedMovement } from '@ledgerline/inventory-domain';
import { formatMoney, parseMoney } from '@ledgerline/money';
import { toDomainMovement, toDomainMovementAsStated, toWireMovement } from './movement-mapper';
import { derivedOverWire, receivedOverWire } from '../../test/wire-round-trip';

const at = '2026-11-05T08:00:00.000Z';
const erp = { system: 'erp' as const, documentId: 'DN-1' };
const receipt = (fields: Partial<Extract<InventoryMovementV1, { kind: 'receipt' }>>): InventoryMovementV1 => ({
  movementId: 'r1', kind: 'receipt', sku: 'TEA', locationId: 'S1', quantity: 3, unitCost: '3.3333', occurredAt: at, source: erp, ...fields,
});
const transferOut: InventoryMovementV1 = { movementId: 't1', kind: 'transfer-out', sku: 'TEA', locationId: 'S1', quantity: 2, transferId: 'TR-1', toLocationId: 'S2', occurredAt: at, source: erp };

describe('movement mapper', () => {
  it('carries a transfer of 2 of 3 units worth 10.0000 exactly: the source loses 6.6667 and the destination receives 6.6667', () => {
    let ledger = applyAllOnce(emptyLedger(), [receivedOverWire(receipt({ totalCost: '10.0000' }), 'EUR'), receivedOverWire(transferOut, 'EUR')]);
    expect(ledger.outbox.map(toWireMovement)).toMatchObject([{ kind: 'transfer-shipped', unitCost: '3.3334', totalCost: '6.6667' }]);
    ledger = applyAllOnce(ledger, ledger.outbox.map((shipment) => derivedOverWire(shipment, 'EUR')));
    expect(formatMoney(balanceOf(ledger, 'TEA', 'S1').inventoryValue)).toBe('3.3333');
    expect(formatMoney(balanceOf(ledger, 'TEA', 'S2').inTransitValue)).toBe('6.6667');
  });

  it('carries a FIFO shipment\'s layers both ways, and refuses layers that do not add up to the shipment or come in another currency', () => {
    const shipped: TransferShippedMovement = {
      movementId: 't1:shipped', kind: 'transfer-shipped', sku: 'TEA', locationId: 'S2', quantity: 3, transferId: 'TR-1', fromLocationId: 'S1', occurredAt: Date.parse(at),
      unitCost: parseMoney('3.3333'), totalCost: parseMoney('10'),
      layers: [{ units: 1, totalCost: parseMoney('2.5'), receivedAt: Date.parse(at) - 60_000 }, { units: 2, totalCost: parseMoney('7.5'), receivedAt: Date.parse(at) }],
    };
    const wire = toWireMovement(shipped);
    expect(wire).toMatchObject({ layers: [{ units: 1, totalCost: '2.5000', receivedAt: '2026-11-05T07:59:00.000Z' }, { units: 2, totalCost: '7.5000', receivedAt: at }] });
    expect(toDomainMovement(wire, 'EUR')).toEqual(shipped);

    const uneven = { ...wire, layers: [{ units: 1, totalCost: '2.5000', receivedAt: at }, { units: 2, totalCost: '7.4999', receivedAt: at }] } as InventoryMovementV1;
    const refusal = (() => {
      try {
        applyAllOnce(emptyLedger(), [toDomainMovement(uneven, 'EUR')]);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toMatchObject({ code: 'LEDGER.INVALID_MOVEMENT', field: 'layers' });
    expect(() => toDomainMovement({ ...wire, currency: 'USD', exchangeRate: '0.9000000000' } as InventoryMovementV1, 'EUR')).toThrow(/layers are carried only in the valuation currency, EUR/);
  });

  it('values an older producer\'s shipment, unit cost only, as quantity x unitCost, as before', () => {
    const older: InventoryMovementV1 = { movementId: 's1', kind: 'transfer-shipped', sku: 'TEA', locationId: 'S2', quantity: 2, transferId: 'TR-1', fromLocationId: 'S1', unitCost: '3.3334', occurredAt: at, source: { system: 'wms' } };
    const movement = toDomainMovement(older, 'EUR') as TransferShippedMovement;
    expect(movement.totalCost).toBeUndefined();
    expect(formatMoney(balanceOf(applyAllOnce(emptyLedger(), [movement]), 'TEA', 'S2').inTransitValue)).toBe('6.6668');
  });

  it('converts a receipt in another currency at its rate and keeps the stated cost in the wire form', () => {
    const usd = receipt({ totalCost: '10.0000', currency: 'USD', exchangeRate: '0.9234567891' });
    expect(toDomainMovement(usd, 'EUR')).toMatchObject({ unitCost: parseMoney('3.0782'), totalCost: parseMoney('9.2346') });
    expect(toDomainMovementAsStated(usd)).toMatchObject({ unitCost: parseMoney('3.3333'), totalCost: parseMoney('10') });
  });

  it('refuses a receipt in another currency without a rate, naming both currencies', () => {
    expect(() => toDomainMovement(receipt({ currency: 'USD' }), 'EUR')).toThrow(LedgerError);
    expect(() => toDomainMovement(receipt({ currency: 'USD' }), 'EUR')).toThrow(/LEDGER\.CURRENCY_MISMATCH: movement r1 costs in USD but this ledger values in EUR/);
    expect(toDomainMovement(receipt({ currency: 'EUR' }), 'EUR')).toMatchObject({ unitCost: parseMoney('3.3333') });
  });

  it('converts a landed cost of either sign at its rate, refuses one without a rate, and carries a derived variance over the wire exactly', () => {
    const landed = (fields: Partial<Extract<InventoryMovementV1, { kind: 'landed-cost' }>>): InventoryMovementV1 => ({
      movementId: 'lc1', kind: 'landed-cost', sku: 'TEA', locationId: 'S1', receiptMovementId: 'r1', amount: '-10.0000', costType: 'price-correction', occurredAt: at, source: erp, ...fields,
    });
    expect(toDomainMovement(landed({ currency: 'USD', exchangeRate: '0.9234567891' }), 'EUR')).toMatchObject({ amount: parseMoney('-9.2346') });
    expect(toDomainMovementAsStated(landed({ currency: 'USD' }))).toMatchObject({ amount: parseMoney('-10') });
    expect(() => toDomainMovement(landed({ currency: 'USD' }), 'EUR')).toThrow(/LEDGER\.CURRENCY_MISMATCH: movement lc1 costs in USD/);

    const ledger = applyAllOnce(emptyLedger(), [receivedOverWire(receipt({ totalCost: '10.0000' }), 'EUR'), receivedOverWire(landed({ amount: '1.0000', costType: 'freight' }), 'EUR')]);
    expect(ledger.entries.map((entry) => entry.movement.kind)).toEqual(['receipt', 'landed-cost']);
    const variance = { kind: 'landed-cost-variance' as const, movementId: 'lc1:cogs-variance', sku: 'TEA', locationId: 'S1', occurredAt: Date.parse(at), causedByMovementId: 'lc1', receiptMovementId: 'r1', amount: parseMoney('-0.3333'), costType: 'freight' };
    expect(toWireMovement(variance)).toMatchObject({ kind: 'landed-cost-variance', amount: '-0.3333', source: { system: 'ledger', documentId: 'lc1' } });
    const { causedByMovementId: _cause, ...asReceived } = variance;
    expect(derivedOverWire(variance, 'EUR')).toEqual(asReceived);
  });
  it('maps each kind to exactly its domain fields: no key the wire did not give, none left out', () => {
    const pos = { system: 'pos' as const, storeId: 'S1', terminalId: 'T1', transactionId: 'X1', lineNumber: 1 };
    const sale: InventoryMovementV1 = { movementId: 's1', kind: 'sale', sku: 'TEA', locationId: 'S1', quantity: 2, occurredAt: at, source: pos, unitPrice: '4.99', currency: 'EUR' };
    expect(Object.entries(toDomainMovement(sale, 'EUR'))).toEqual(
      Object.entries({ movementId: 's1', sku: 'TEA', locationId: 'S1', occurredAt: Date.parse(at), kind: 'sale', quantity: 2 }),
    );
    expect(toDomainMovement(receipt({}), 'EUR')).toStrictEqual({
      movementId: 'r1', sku: 'TEA', locationId: 'S1', occurredAt: Date.parse(at), kind: 'receipt', quantity: 3, unitCost: parseMoney('3.3333'), purchaseOrderId: undefined,
    });
    expect(toDomainMovement(receipt({ totalCost: '10.0000', purchaseOrderId: 'PO-1' }), 'EUR')).toStrictEqual({
      movementId: 'r1', sku: 'TEA', locationId: 'S1', occurredAt: Date.parse(at), kind: 'receipt', quantity: 3, unitCost: parseMoney('3.3333'), totalCost: parseMoney('10'), purchaseOrderId: 'PO-1',
    });
    expect(toDomainMovement(receipt({ currency: 'USD', exchangeRate: '0.5', totalCost: '10.0000' }), 'EUR')).toMatchObject({ unitCost: parseMoney('1.6667'), totalCost: parseMoney('5') });
    expect(toDomainMovement(transferOut, 'EUR')).toStrictEqual({
      movementId: 't1', sku: 'TEA', locationId: 'S1', occurredAt: Date.parse(at), kind: 'transfer-out', quantity: 2, transferId: 'TR-1', toLocationId: 'S2',
    });
  });
});
