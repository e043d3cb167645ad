import { policyBodySchema } from './policy-body.schema';

describe('policy body', () => {
  it('accepts any subset of the policy fields', () => {
    expect(policyBodySchema.parse({})).toEqual({});
    expect(policyBodySchema.parse({ packSize: 12, serviceLevel: 0.98, unitCost: '4.2000' })).toEqual({ packSize: 12, serviceLevel: 0.98, unitCost: '4.2000' });
  });

  it('rejects unknown fields, money as numbers and out-of-range values', () => {
    const result = policyBodySchema.safeParse({ packsize: 12, unitCost: 4.2, serviceLevel: 1, packSize: 0 });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.') || issue.code);
    expect(paths).toEqual(expect.arrayContaining(['unitCost', 'serviceLevel', 'packSize', 'unrecognized_keys']));
  });
});
