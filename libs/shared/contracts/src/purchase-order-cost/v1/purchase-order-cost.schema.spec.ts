import { TOPICS, purchaseOrderCostKey, purchaseOrderCostV1Examples, purchaseOrderCostV1Schema } from '../../index';
import { expectRejectedAt, expectValid } from '../../test-support/contract-assertions';

describe('purchase order cost v1', () => {
  it.each(Object.entries(purchaseOrderCostV1Examples))('accepts the %s example', (_name, example) => {
    expectValid(purchaseOrderCostV1Schema, example);
  });

  it('is keyed by its purchase order, so one order\'s costs keep their order', () => {
    expect(TOPICS.purchaseOrderCosts.keyOf(purchaseOrderCostV1Examples.freight)).toBe('po:PO-7781');
    expect(purchaseOrderCostKey('PO-1')).toBe('po:PO-1');
  });

  it('refuses a zero amount, an amount sent as a number, an exchange rate of zero, an unknown cost type and a missing order', () => {
    const freight = purchaseOrderCostV1Examples.freight;
    expectRejectedAt(purchaseOrderCostV1Schema, { ...freight, amount: '0.0000' }, ['amount']);
    expectRejectedAt(purchaseOrderCostV1Schema, { ...freight, amount: '-0' }, ['amount']);
    expectRejectedAt(purchaseOrderCostV1Schema, { ...freight, amount: 12.5 }, ['amount']);
    expectRejectedAt(purchaseOrderCostV1Schema, { ...freight, exchangeRate: '0' }, ['exchangeRate']);
    expectRejectedAt(purchaseOrderCostV1Schema, { ...freight, costType: 'bribe' }, ['costType']);
    const { purchaseOrderId: _omitted, ...withoutOrder } = freight;
    expectRejectedAt(purchaseOrderCostV1Schema, withoutOrder, ['purchaseOrderId']);
  });
});
