// Rules a POS transaction must pass beyond its schema. Pure: the clock and the caller's
// credential are passed in, and each check answers a violation or null.
import type { PosTransactionV1, PosVoidV1 } from '@ledgerline/contracts';
import { violation, type IntakeViolation } from './intake-error';
import { longestMovementIdLength, MAX_MOVEMENT_ID_LENGTH } from './movement-ids';

export interface EventTimePolicy {
  /** How far ahead of our clock a till's clock may run. */
  readonly maxClockSkewMinutes: number;
  /** Older transactions are refused: offline replays of this age are a process failure, not a sale to book today. */
  readonly maxEventAgeDays: number;
}

export const DEFAULT_EVENT_TIME_POLICY: EventTimePolicy = { maxClockSkewMinutes: 5, maxEventAgeDays: 90 };

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export function checkEventTime(occurredAt: string, now: Date, policy: EventTimePolicy = DEFAULT_EVENT_TIME_POLICY): IntakeViolation | null {
  const eventTime = Date.parse(occurredAt);
  if (eventTime - now.getTime() > policy.maxClockSkewMinutes * MINUTE_MS) {
    return violation(
      'INTAKE.EVENT_TIME_IN_FUTURE',
      'occurredAt',
      `is more than ${policy.maxClockSkewMinutes} minutes ahead of the server clock (${now.toISOString()}): check the till's clock`,
    );
  }
  if (now.getTime() - eventTime > policy.maxEventAgeDays * DAY_MS) {
    return violation('INTAKE.EVENT_TIME_TOO_OLD', 'occurredAt', `is more than ${policy.maxEventAgeDays} days in the past`);
  }
  return null;
}

/** What a credential allows: one store, and optionally one terminal of it. */
export interface CallerScope {
  readonly storeId: string;
  readonly terminalId: string | null;
}

export function checkCallerScope(transaction: PosTransactionV1, caller: CallerScope): IntakeViolation | null {
  if (transaction.storeId !== caller.storeId) {
    return violation('INTAKE.STORE_MISMATCH', 'storeId', `is ${transaction.storeId}, but this credential belongs to store ${caller.storeId}`);
  }
  if (caller.terminalId !== null && transaction.terminalId !== caller.terminalId) {
    return violation(
      'INTAKE.TERMINAL_MISMATCH',
      'terminalId',
      `is ${transaction.terminalId}, but this credential belongs to terminal ${caller.terminalId}`,
    );
  }
  return null;
}

/** Movement ids are built from storeId, transactionId and the line number and must fit the contract's 64 characters. */
export function checkMovementIdLength(transaction: PosTransactionV1): IntakeViolation | null {
  if (transaction.type === 'void') return null;
  const lineNumbers = transaction.lines.map((line) => line.lineNumber);
  const longest = longestMovementIdLength(transaction.storeId, transaction.transactionId, lineNumbers);
  if (longest <= MAX_MOVEMENT_ID_LENGTH) return null;
  return violation(
    'INTAKE.MOVEMENT_ID_TOO_LONG',
    'transactionId',
    `is too long for this store: movement ids pos:<storeId>:<transactionId>:<lineNumber>:void would have ${longest} characters, at most ${MAX_MOVEMENT_ID_LENGTH} are allowed`,
  );
}

/** A void cancels a sale or return of its own store; a void is never voided. */
export function checkVoidTarget(voidTransaction: PosVoidV1, original: PosTransactionV1): IntakeViolation | null {
  if (original.storeId !== voidTransaction.storeId) {
    return violation(
      'INTAKE.VOID_STORE_MISMATCH',
      'voidsTransactionId',
      `names a transaction of store ${original.storeId}; a void may only cancel a transaction of its own store ${voidTransaction.storeId}`,
    );
  }
  if (original.type === 'void') {
    return violation('INTAKE.VOID_OF_VOID', 'voidsTransactionId', `names ${original.transactionId}, which is itself a void; a void cannot be voided`);
  }
  return null;
}

/** The rules that need nothing but the transaction and the clock, in the order a sender should fix them. */
export function checkTransactionRules(transaction: PosTransactionV1, now: Date, policy: EventTimePolicy = DEFAULT_EVENT_TIME_POLICY): IntakeViolation[] {
  return [checkEventTime(transaction.occurredAt, now, policy), checkMovementIdLength(transaction)].filter(
    (broken): broken is IntakeViolation => broken !== null,
  );
}
