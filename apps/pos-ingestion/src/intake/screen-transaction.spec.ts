import { posTransactionV1Examples } from '@ledgerline/contracts';
import { DEFAULT_EVENT_TIME_POLICY } from '@ledgerline/pos-domain';
import { candidateStoreIds, identityOf, screenTransaction, type ScreeningContext } from './screen-transaction';

const now = new Date('2025-03-01T12:00:00Z');
const sale = posTransactionV1Examples.sale;
const context: ScreeningContext = { now, policy: DEFAULT_EVENT_TIME_POLICY, knownStores: new Set(['S001', 'S002']) };
const errorsOf = (input: unknown, overrides: Partial<ScreeningContext> = {}) => {
  const result = screenTransaction(input, { ...context, ...overrides });
  return result.ok ? [] : result.errors.map(({ code, path }) => `${code} ${path}`);
};

describe('screenTransaction', () => {
  it('passes a valid transaction of a registered store', () => {
    expect(screenTransaction(sale, context)).toEqual({ ok: true, transaction: sale });
  });

  it('reports contract errors with their paths, naming the transaction when it can', () => {
    const result = screenTransaction({ ...sale, lines: [{ ...sale.lines[0], quantity: 0 }], cashier: 'Ann' }, context);
    expect(result).toMatchObject({ ok: false, transactionId: sale.transactionId, storeId: 'S001' });
    expect(errorsOf({ ...sale, lines: [{ ...sale.lines[0], quantity: 0 }], cashier: 'Ann' }).sort()).toEqual([
      'INTAKE.VALIDATION_FAILED cashier',
      'INTAKE.VALIDATION_FAILED lines[0].quantity',
    ]);
  });

  it('refuses an unregistered store on the Kafka intake, which has no caller', () => {
    expect(errorsOf({ ...sale, storeId: 'S999' })).toEqual(['INTAKE.UNKNOWN_STORE storeId']);
  });

  it('answers a caller naming another store the same whether that store exists or not', () => {
    const caller = { storeId: 'S001', terminalId: null };
    const existing = screenTransaction({ ...sale, storeId: 'S002' }, { ...context, caller });
    const missing = screenTransaction({ ...sale, storeId: 'S999' }, { ...context, caller });
    expect(errorsOf({ ...sale, storeId: 'S999' }, { caller })).toEqual(['INTAKE.STORE_MISMATCH storeId']);
    const answer = (result: typeof existing) => (result.ok ? [] : result.errors.map(({ code, message }) => `${code} ${message.replace(/S002|S999/, '<other>')}`));
    expect(answer(existing)).toEqual(answer(missing));
  });

  it("refuses another store's or terminal's transaction", () => {
    expect(errorsOf(sale, { caller: { storeId: 'S002', terminalId: null } })).toEqual(['INTAKE.STORE_MISMATCH storeId']);
    expect(errorsOf(sale, { caller: { storeId: 'S001', terminalId: 'T01' } })).toEqual(['INTAKE.TERMINAL_MISMATCH terminalId']);
    expect(errorsOf(sale, { caller: { storeId: 'S001', terminalId: 'T03' } })).toEqual([]);
  });

  it('applies the event-time rules against the given clock', () => {
    expect(errorsOf(sale, { now: new Date('2025-03-01T09:00:00Z') })).toEqual(['INTAKE.EVENT_TIME_IN_FUTURE occurredAt']);
    expect(errorsOf(sale, { now: new Date('2025-09-01T09:00:00Z') })).toEqual(['INTAKE.EVENT_TIME_TOO_OLD occurredAt']);
  });

  it('reads ids from anything that carries them, and only strings', () => {
    expect(identityOf({ transactionId: 'T1', storeId: 7 })).toEqual({ transactionId: 'T1' });
    expect(identityOf(['T1'])).toEqual({});
    expect(identityOf(null)).toEqual({});
    expect(Object.keys(identityOf({ storeId: 'S001', lines: [], transactionId: 'T1' }))).toEqual(['transactionId', 'storeId']);
    expect(identityOf({ storeId: 'S001' })).toEqual({ storeId: 'S001' });
    expect(candidateStoreIds([sale, { storeId: 'S002' }, sale, 'garbage'])).toEqual(['S001', 'S002']);
  });

  it('refuses a "__proto__" member that the contract alone would drop without a word', () => {
    const input = JSON.parse(JSON.stringify({ ...sale, attributes: { note: 'x' } }).replace('"note":"x"', '"__proto__":{"polluted":true}')) as unknown;
    expect(errorsOf(input)).toEqual(['INTAKE.VALIDATION_FAILED attributes.__proto__']);
  });

  it('names a transaction only by ids that can be recorded: none with control characters', () => {
    expect(identityOf({ transactionId: 'T\u00001', storeId: 'S001' })).toEqual({ storeId: 'S001' });
    expect(identityOf({ transactionId: 'T-1', storeId: 'S\u0085' })).toEqual({ transactionId: 'T-1' });
  });
});
