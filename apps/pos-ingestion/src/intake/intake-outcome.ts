// What intake answers for one transaction, whichever channel it came through. HTTP turns these
// into response bodies, the Kafka intake into dead letters; the codes are the same on both.
import type { IntakeRuleCode } from '@ledgerline/pos-domain';

export type IntakeErrorCode =
  | IntakeRuleCode
  | 'INTAKE.MALFORMED_JSON'
  | 'INTAKE.VALIDATION_FAILED'
  | 'INTAKE.UNKNOWN_STORE'
  | 'INTAKE.CONFLICT'
  | 'INTAKE.ALREADY_VOIDED';

export interface IntakeError {
  code: IntakeErrorCode;
  /** Field path in JavaScript notation (`lines[2].quantity`); empty for the body itself. */
  path: string;
  /** Sentence starting with the field and giving the reason. */
  message: string;
}

export type IntakeChannel = 'http' | 'kafka';

interface Identified {
  transactionId: string;
  storeId: string;
}

export type IntakeOutcome =
  | (Identified & { status: 'accepted'; movementIds: string[]; pendingOriginal: boolean })
  | (Identified & { status: 'duplicate'; movementIds: string[] })
  | (Identified & { status: 'conflict'; errors: IntakeError[] })
  | (Partial<Identified> & { status: 'rejected'; errors: IntakeError[] });

export function conflictError(transactionId: string): IntakeError {
  return {
    code: 'INTAKE.CONFLICT',
    path: 'transactionId',
    message: `transactionId ${transactionId} was already received with different content; send a new transactionId for a new transaction`,
  };
}

export function alreadyVoidedError(voidsTransactionId: string): IntakeError {
  return {
    code: 'INTAKE.ALREADY_VOIDED',
    path: 'voidsTransactionId',
    message: `voidsTransactionId ${voidsTransactionId} is already voided by another transaction; a transaction is reversed once`,
  };
}
