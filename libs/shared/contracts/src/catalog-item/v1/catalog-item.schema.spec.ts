import { catalogItemV1Example, catalogItemV1Schema } from '../../index';
import { expectRejectedAt, expectValid, without } from '../../test-support/contract-assertions';

const item = catalogItemV1Example;
const policy = item.reorderPolicy;

describe('catalog-item v1', () => {
  it('accepts the example, with and without a reorder policy', () => {
    expectValid(catalogItemV1Schema, item);
    expectValid(catalogItemV1Schema, without(item, 'reorderPolicy'));
    for (const valuationMethod of ['moving-average', 'fifo']) expectValid(catalogItemV1Schema, { ...item, valuationMethod });
    expectValid(catalogItemV1Schema, { ...item, reorderPolicy: without(without(policy, 'orderingCost'), 'holdingCostRate') });
  });

  it('rejects malformed SKUs, pack sizes, thresholds and units', () => {
    expectRejectedAt(catalogItemV1Schema, { ...item, sku: 'A\u0000' }, ['sku']);
    expectRejectedAt(catalogItemV1Schema, { ...item, packSize: 0 }, ['packSize']);
    expectRejectedAt(catalogItemV1Schema, { ...item, lowStockThreshold: -1 }, ['lowStockThreshold']);
    expectRejectedAt(catalogItemV1Schema, { ...item, unit: 'Kilo gram' }, ['unit']);
    expectRejectedAt(catalogItemV1Schema, { ...item, active: 'yes' }, ['active']);
    expectRejectedAt(catalogItemV1Schema, { ...item, valuationMethod: 'lifo' }, ['valuationMethod']);
  });

  it('keeps the service level within 0.5..0.9999 and rejects unknown policy fields', () => {
    for (const serviceLevel of [0.5, 0.9999]) expectValid(catalogItemV1Schema, { ...item, reorderPolicy: { ...policy, serviceLevel } });
    for (const serviceLevel of [0.49, 1, 99]) {
      expectRejectedAt(catalogItemV1Schema, { ...item, reorderPolicy: { ...policy, serviceLevel } }, ['reorderPolicy.serviceLevel']);
    }
    expectRejectedAt(catalogItemV1Schema, { ...item, reorderPolicy: { ...policy, supplier: 'ACME' } }, ['reorderPolicy.supplier']);
    expectRejectedAt(catalogItemV1Schema, { ...item, reorderPolicy: { ...policy, leadTimeDays: 0 } }, ['reorderPolicy.leadTimeDays']);
  });
});
