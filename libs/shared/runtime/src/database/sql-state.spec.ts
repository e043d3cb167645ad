import { sqlStateOf } from './sql-state';

describe('sqlStateOf', () => {
  it('reads the SQLSTATE from the error or from the driver error it wraps', () => {
    expect(sqlStateOf(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe('40P01');
    expect(sqlStateOf({ message: 'duplicate key', driverError: { code: '23505' } })).toBe('23505');
  });

  it('has none for errors without one', () => {
    expect(sqlStateOf(new Error('boom'))).toBeUndefined();
    expect(sqlStateOf(null)).toBeUndefined();
    expect(sqlStateOf({ code: 42 })).toBeUndefined();
  });
});
