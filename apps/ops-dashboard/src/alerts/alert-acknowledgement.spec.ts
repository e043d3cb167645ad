import { acknowledgementOf, type Acknowledgement } from './alert-acknowledgement';

describe('alert acknowledgement', () => {
  const acknowledged: Acknowledgement = { alertId: 'unknown-sku:TEA@S1', alertRaisedAt: '2026-03-02T10:00:00.000Z', acknowledgedAt: '2026-03-02T10:05:00.000Z', by: 'Ana', keyId: 'k1', note: 'catalog entry requested' };

  it('holds for the occurrence that was acknowledged, and for an older copy of it delivered late', () => {
    expect(acknowledgementOf({ raisedAt: '2026-03-02T10:00:00.000Z' }, acknowledged)).toBe(acknowledged);
    expect(acknowledgementOf({ raisedAt: '2026-03-02T09:00:00.000Z' }, acknowledged)).toBe(acknowledged);
  });

  it('does not hold for a new occurrence raised after the acknowledged one', () => {
    expect(acknowledgementOf({ raisedAt: '2026-03-02T10:00:00.001Z' }, acknowledged)).toBeNull();
  });

  it('does not hold without an acknowledgement', () => {
    expect(acknowledgementOf({ raisedAt: '2026-03-02T10:00:00.000Z' }, undefined)).toBeNull();
  });
});
