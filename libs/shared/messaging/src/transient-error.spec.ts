import { isTransientError, PermanentMessageError } from './transient-error';

function errorWithCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isTransientError', () => {
  it.each([
    ['connection refused', errorWithCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['admin shutdown', errorWithCode('terminating connection due to administrator command', '57P01')],
    ['connection failure', errorWithCode('connection failure', '08006')],
    ['serialization failure', errorWithCode('could not serialize access', '40001')],
    ['deadlock', errorWithCode('deadlock detected', '40P01')],
    ['pool closed mid-query', new Error('Connection terminated unexpectedly')],
    ['retriable kafka error', Object.assign(new Error('leader not available'), { retriable: true })],
  ])('treats %s as an outage', (_, error) => {
    expect(isTransientError(error)).toBe(true);
  });

  it.each([
    ['a permanent message error', new PermanentMessageError('LEDGER.INVALID_MOVEMENT', 'receipt without unit cost')],
    ['a constraint violation', errorWithCode('value too long', '22001')],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['a non-error value', 'boom'],
  ])('treats %s as not transient', (_, error) => {
    expect(isTransientError(error)).toBe(false);
  });
});
