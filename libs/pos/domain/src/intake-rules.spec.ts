import { aSale, aVoidOf, NOW } from '../test/transaction-builders';
import { checkCallerScope, checkEventTime, checkMovementIdLength, checkTransactionRules, checkVoidTarget } from './index';

const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('checkEventTime', () => {
  it('accepts times within the clock skew ahead and the maximum age behind', () => {
    expect(checkEventTime(at(5 * MINUTE), NOW)).toBeNull();
    expect(checkEventTime(at(-90 * DAY), NOW)).toBeNull();
    expect(checkEventTime('2025-03-01T13:04:59+01:00', NOW)).toBeNull();
  });

  it('rejects a time further ahead than the clock skew, naming occurredAt', () => {
    expect(checkEventTime(at(5 * MINUTE + 1), NOW)).toEqual({
      code: 'INTAKE.EVENT_TIME_IN_FUTURE',
      path: 'occurredAt',
      message: "occurredAt is more than 5 minutes ahead of the server clock (2025-03-01T12:00:00.000Z): check the till's clock",
    });
  });

  it('rejects a time older than the maximum age', () => {
    expect(checkEventTime(at(-90 * DAY - 1), NOW)).toMatchObject({ code: 'INTAKE.EVENT_TIME_TOO_OLD', message: 'occurredAt is more than 90 days in the past' });
  });

  it('follows the policy it is given', () => {
    const policy = { maxClockSkewMinutes: 1, maxEventAgeDays: 1 };
    expect(checkEventTime(at(2 * MINUTE), NOW, policy)?.code).toBe('INTAKE.EVENT_TIME_IN_FUTURE');
    expect(checkEventTime(at(-2 * DAY), NOW, policy)?.code).toBe('INTAKE.EVENT_TIME_TOO_OLD');
  });
});

describe('checkCallerScope', () => {
  it('lets a store credential post for any terminal of its store', () => {
    expect(checkCallerScope(aSale(), { storeId: 'S001', terminalId: null })).toBeNull();
  });

  it("refuses another store's transaction", () => {
    expect(checkCallerScope(aSale(), { storeId: 'S002', terminalId: null })).toEqual({
      code: 'INTAKE.STORE_MISMATCH',
      path: 'storeId',
      message: 'storeId is S001, but this credential belongs to store S002',
    });
  });

  it('binds a terminal credential to its terminal', () => {
    expect(checkCallerScope(aSale(), { storeId: 'S001', terminalId: 'T03' })).toBeNull();
    expect(checkCallerScope(aSale(), { storeId: 'S001', terminalId: 'T01' })?.code).toBe('INTAKE.TERMINAL_MISMATCH');
  });
});

describe('checkMovementIdLength', () => {
  it('accepts ids whose longest reversal id fits 64 characters', () => {
    // pos: + S001 + : + 40 + : + 2 + :void = 56 characters
    expect(checkMovementIdLength(aSale({ transactionId: 'T'.repeat(40) }))).toBeNull();
  });

  it('rejects a transaction whose movement ids would not fit, naming transactionId', () => {
    const broken = checkMovementIdLength(aSale({ transactionId: 'T'.repeat(60) }));
    expect(broken).toMatchObject({ code: 'INTAKE.MOVEMENT_ID_TOO_LONG', path: 'transactionId' });
    expect(broken?.message).toMatch(/^transactionId is too long for this store: .* would have 76 characters, at most 64/);
  });

  it('does not apply to voids, whose ids derive from the original', () => {
    expect(checkMovementIdLength(aVoidOf(aSale({ transactionId: 'T'.repeat(60) })))).toBeNull();
  });
});

describe('checkVoidTarget', () => {
  it('accepts a sale of the same store', () => {
    const sale = aSale();
    expect(checkVoidTarget(aVoidOf(sale), sale)).toBeNull();
  });

  it('refuses a void of a void and a void of another store', () => {
    const sale = aSale();
    const firstVoid = aVoidOf(sale);
    expect(checkVoidTarget(aVoidOf(firstVoid), firstVoid)?.code).toBe('INTAKE.VOID_OF_VOID');
    expect(checkVoidTarget(aVoidOf(sale, { storeId: 'S777' }), sale)?.code).toBe('INTAKE.VOID_STORE_MISMATCH');
  });
});

describe('checkTransactionRules', () => {
  it('reports every broken rule at once', () => {
    const sale = aSale({ transactionId: 'T'.repeat(60), occurredAt: at(DAY) });
    expect(checkTransactionRules(sale, NOW).map((broken) => broken.code)).toEqual(['INTAKE.EVENT_TIME_IN_FUTURE', 'INTAKE.MOVEMENT_ID_TOO_LONG']);
    expect(checkTransactionRules(aSale({ occurredAt: at(-MINUTE) }), NOW)).toEqual([]);
  });
});
