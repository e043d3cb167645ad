// Everything that can be said about one submitted transaction without the database: the
// contract, the store being registered, the caller's scope and the intake rules (event time,
// id length). Pure; the clock, the known stores and the caller come in as arguments.
import { posTransactionV1Schema, validateContract, type PosTransactionV1 } from '@ledgerline/contracts';
import { checkCallerScope, checkTransactionRules, type CallerScope, type EventTimePolicy } from '@ledgerline/pos-domain';
import type { IntakeError } from './intake-outcome';
import { prototypeKeyErrors } from './prototype-keys';

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
  const forbiddenKeys = prototypeKeyErrors(input);
  if (!contract.ok || forbiddenKeys.length > 0) {
    const contractErrors: IntakeError[] = contract.ok ? [] : contract.errors.map((error) => ({ code: 'INTAKE.VALIDATION_FAILED', ...error }));
    const reported = new Set(forbiddenKeys.map((error) => error.path));
    return { ok: false, ...identity, errors: [...forbiddenKeys, ...contractErrors.filter((error) => !reported.has(error.path))] };
  }
  const transaction = contract.value;
  // The caller's scope first: a till naming another store hears the same answer whether that
  // store exists or not, so a POS credential cannot learn which store ids are registered.
  const outOfScope = context.caller ? checkCallerScope(transaction, context.caller) : null;
  if (outOfScope) return { ok: false, ...identity, errors: [outOfScope] };
  if (!context.knownStores.has(transaction.storeId)) {
    return {
      ok: false,
      ...identity,
      errors: [{ code: 'INTAKE.UNKNOWN_STORE', path: 'storeId', message: `storeId ${transaction.storeId} is not a registered store` }],
    };
  }
  const broken = checkTransactionRules(transaction, context.now, context.policy);
  if (broken.length > 0) return { ok: false, ...identity, errors: broken };
  return { ok: true, transaction };
}

/** Store ids worth looking up before screening: those of inputs that carry one. */
export function candidateStoreIds(inputs: readonly unknown[]): string[] {
  return [...new Set(inputs.map((input) => identityOf(input).storeId).filter((storeId): storeId is string => storeId !== undefined))];
}

/**
 * The ids of a submission as far as they can be read, so even a rejection can name its transaction.
 * An id with control characters is left out: PostgreSQL refuses a NUL in text, so recording the
 * rejection would fail and the till, answered 503, would retry the same refusal for ever.
 */
export function identityOf(input: unknown): { transactionId?: string; storeId?: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  const { transactionId, storeId } = input as Record<string, unknown>;
  // Spelt out rather than spread from conditional parts, which V8 builds on its slow path.
  if (isRecordableId(transactionId)) return isRecordableId(storeId) ? { transactionId, storeId } : { transactionId };
  return isRecordableId(storeId) ? { storeId } : {};
}

function isRecordableId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 200 && !hasControlCharacter(value);
}

/** C0 and C1 control characters, DEL included. */
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}
