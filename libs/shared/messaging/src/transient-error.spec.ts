import { failureClassOf, isMessageFault, isTransientError, PermanentMessageError } from './transient-error';

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

describe('isMessageFault', () => {
  it('is true only for a PermanentMessageError', () => {
    expect(isMessageFault(new PermanentMessageError('LEDGER.INVALID_MOVEMENT', 'receipt without unit cost'))).toBe(true);
    expect(isMessageFault(errorWithCode('permission denied for table movement', '42501'))).toBe(false);
    expect(isMessageFault(errorWithCode('canceling statement due to statement timeout', '57014'))).toBe(false);
    expect(isMessageFault(errorWithCode('cannot execute INSERT in a read-only transaction', '25006'))).toBe(false);
    expect(isMessageFault(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isMessageFault('boom')).toBe(false);
  });
});

describe('failureClassOf', () => {
  it('names a failure by its code, else by its class', () => {
    expect(failureClassOf(errorWithCode('permission denied', '42501'))).toBe('42501');
    expect(failureClassOf(new PermanentMessageError('TEST.POISON', 'never'))).toBe('TEST.POISON');
    expect(failureClassOf(new TypeError('x'))).toBe('TypeError');
    expect(failureClassOf(errorWithCode('odd', 'has spaces in it'))).toBe('Error');
    expect(failureClassOf(undefined)).toBe('undefined');
  });
});
