import { appliedAtOf } from './erp-listener';

describe('appliedAtOf', () => {
  it('reads the appliedAt of an enveloped stock-changed event without parsing it', () => {
    const event = { eventId: 'stock-changed:m-1', payload: { movementId: 'm-1', occurredAt: '2025-03-01T10:30:00+01:00', appliedAt: '2025-03-01T09:30:00.412Z' } };
    expect(appliedAtOf(Buffer.from(JSON.stringify(event)))).toBe(Date.parse('2025-03-01T09:30:00.412Z'));
  });

  it('is NaN for an event without one, and for no value', () => {
    expect(appliedAtOf(Buffer.from('{"eventId":"x"}'))).toBeNaN();
    expect(appliedAtOf(null)).toBeNaN();
    expect(appliedAtOf(Buffer.from('{"appliedAt":"2025-03-01T09:30'))).toBeNaN();
  });
});
