// Everything that can be said about one submitted transaction without the database: the
// contract, the store being registered, the caller's scope and the intake rules (event time,
// id length). Pure; the clock, the known stores and the caller come in as arguments.
import { posTransactionV1Schema, validateContract, type PosTransactionV1 } from '@ledgerline/contracts';
import { checkCallerScope, checkTransactionRules, type CallerScope, type EventTimePolicy } from '@ledgerline/pos-domain';
import type { IntakeError } from './intake-outcome';

export interface ScreeningContext {
  now: Date;
  policy: EventTimePolicy;
  knownStores: ReadonlySet<string>;
  /** Absent for the Kafka intake, which is trusted at the topic level. */
  caller?: CallerScope;
}

export type Screened =
  | { ok: true; transaction: PosTransactionV1 }
  | { ok: false; transactionId?: string; storeId?: string; errors: IntakeError[] };

export function screenTransaction(input: unknown, context: ScreeningContext): Screened {
  const identity = identityOf(input);
  const contract = validateContract(posTransactionV1Schema, input, { maxErrors: 50 });
  if (!contract.ok) {
    return { ok: false, ...identity, errors: contract.errors.map((error) => ({ code: 'INTAKE.VALIDATION_FAILED', ...error })) };
  }
  const transaction = contract.value;
  if (!context.knownStores.has(transaction.storeId)) {
    return {
      ok: false,
      ...identity,
      errors: [{ code: 'INTAKE.UNKNOWN_STORE', path: 'storeId', message: `storeId ${transaction.storeId} is not a registered store` }],
    };
  }
  const outOfScope = context.caller ? checkCallerScope(transaction, context.caller) : null;
  if (outOfScope) return { ok: false, ...identity, errors: [outOfScope] };
  const broken = checkTransactionRules(transaction, context.now, context.policy);
  if (broken.length > 0) return { ok: false, ...identity, errors: broken };
  return { ok: true, transaction };
}

/** Store ids worth looking up before screening: those of inputs that carry one. */
export function candidateStoreIds(inputs: readonly unknown[]): string[] {
  return [...new Set(inputs.map((input) => identityOf(input).storeId).filter((storeId): storeId is string => storeId !== undefined))];
}

/** The ids of a submission as far as they can be read, so even a rejection can name its transaction. */
export function identityOf(input: unknown): { transactionId?: string; storeId?: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  const { transactionId, storeId } = input as Record<string, unknown>;
  return {
    ...(typeof transactionId === 'string' && transactionId.length <= 200 ? { transactionId } : {}),
    ...(typeof storeId === 'string' && storeId.length <= 200 ? { storeId } : {}),
  };
}
