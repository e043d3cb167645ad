import { alertTypes, alertV1Examples, alertV1Schema } from '../../index';
import { expectRejectedAt, expectValid, without } from '../../test-support/contract-assertions';

const lowStock = alertV1Examples['low-stock'];

describe('alert v1', () => {
  it.each(Object.entries(alertV1Examples))('accepts the %s example', (_type, example) => {
    expectValid(alertV1Schema, example);
  });

  it('accepts every alert type, including sales of unknown SKUs', () => {
    for (const type of alertTypes) expectValid(alertV1Schema, { ...without(lowStock, 'threshold'), type });
  });

  it('rejects unknown types and severities, missing fields and bad variances', () => {
    expectRejectedAt(alertV1Schema, { ...lowStock, type: 'overstock' }, ['type']);
    expectRejectedAt(alertV1Schema, { ...lowStock, severity: 'fatal' }, ['severity']);
    expectRejectedAt(alertV1Schema, without(lowStock, 'movementId'), ['movementId']);
    expectRejectedAt(alertV1Schema, { ...lowStock, message: '' }, ['message']);
    expectRejectedAt(alertV1Schema, { ...alertV1Examples['count-variance'], variance: 1.5, varianceValue: '7.45.1' }, ['variance', 'varianceValue']);
  });
});
