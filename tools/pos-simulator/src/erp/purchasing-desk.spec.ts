import { TOPICS, inventoryMovementV1Schema, reorderSuggestionV1Example, validateContract, type ReorderSuggestionV1 } from '@ledgerline/contracts';
import { movementRecord } from '../generation/erp-movements';
import { PurchasingDesk } from './purchasing-desk';

const suggestion = (overrides: Partial<ReorderSuggestionV1> = {}): ReorderSuggestionV1 => ({
  ...reorderSuggestionV1Example,
  suggestionId: 'sg-1',
  sku: 'SKU-00001',
  locationId: 'S001',
  status: 'open',
  orderQuantity: 24,
  ...overrides,
});

const desk = () => new PurchasingDesk({ runId: 'r1', leadTimeSeconds: 30, costCentsOf: (sku) => (sku === 'SKU-00001' ? 745 : undefined), fallbackCostCents: 100 });
const at = (seconds: number) => new Date(Date.UTC(2026, 2, 2, 9, 0, seconds));

describe('PurchasingDesk', () => {
  it('answers an open suggestion with an order, and delivers it with a receipt naming the order after the lead time', () => {
    const purchasing = desk();
    const [order, ...rest] = purchasing.answer(suggestion(), at(0));
    expect(rest).toEqual([]);
    expect(order).toMatchObject({ kind: 'order-placed', sku: 'SKU-00001', locationId: 'S001', quantity: 24, purchaseOrderId: 'PO-r1-00001', expectedAt: at(30).toISOString() });

    expect(purchasing.deliveriesDue(at(29))).toEqual([]);
    const [receipt] = purchasing.deliveriesDue(at(31));
    expect(receipt).toMatchObject({ kind: 'receipt', quantity: 24, unitCost: '7.45', purchaseOrderId: 'PO-r1-00001', occurredAt: at(31).toISOString() });
    expect(purchasing.deliveriesDue(at(60))).toEqual([]);
    expect(purchasing.status()).toEqual({ ordersPlaced: 1, receiptsPosted: 1, openOrders: 0 });
  });

  it('orders once per need: not again for a redelivered or updated suggestion while the order is open', () => {
    const purchasing = desk();
    expect(purchasing.answer(suggestion(), at(0))).toHaveLength(1);
    expect(purchasing.answer(suggestion(), at(1))).toEqual([]);
    expect(purchasing.answer(suggestion({ suggestionId: 'sg-2', status: 'updated' }), at(2))).toEqual([]);
    purchasing.deliveriesDue(at(40));
    expect(purchasing.answer(suggestion({ suggestionId: 'sg-3' }), at(41))).toHaveLength(1);
  });

  it('ignores cleared suggestions and zero quantities, and prices unknown SKUs with the fallback', () => {
    const purchasing = desk();
    expect(purchasing.answer(suggestion({ status: 'cleared' }), at(0))).toEqual([]);
    expect(purchasing.answer(suggestion({ orderQuantity: 0 }), at(0))).toEqual([]);
    purchasing.answer(suggestion({ sku: 'ELSEWHERE' }), at(0));
    expect(purchasing.deliveriesDue(at(30))[0]).toMatchObject({ unitCost: '1.00' });
  });

  it('produces movements and envelopes that pass the movement contract, keyed sku@location', () => {
    const purchasing = desk();
    const movements = [...purchasing.answer(suggestion(), at(0)), ...purchasing.deliveriesDue(at(30))];
    for (const movement of movements) {
      expect(validateContract(inventoryMovementV1Schema, movement).ok).toBe(true);
      const record = movementRecord((name) => `p.${name}`, movement);
      expect(record.topic).toBe('p.inventory.movements.v1');
      expect(record.key).toBe('SKU-00001@S001');
      const envelope = validateContract(TOPICS.inventoryMovements.valueSchema, record.value);
      expect(envelope).toMatchObject({ ok: true, value: { producer: 'erp', eventType: 'inventory.movement' } });
    }
  });
});
