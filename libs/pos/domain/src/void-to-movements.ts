// A void cancels an earlier sale or return as a whole: one reversing movement per original line.
// The reversal's id is the original line's id plus ':void', so whatever void arrives, a line is
// reversed at most once downstream.
import type { MovementOfKind, PosTransactionV1, PosVoidV1 } from '@ledgerline/contracts';
import { IntakeRuleError } from './intake-error';
import { checkVoidTarget } from './intake-rules';
import { posLineMovementIds, voidMovementId } from './movement-ids';

export type PosVoidMovement = MovementOfKind<'void'>;

/** Throws IntakeRuleError when `original` may not be voided by `voidTransaction` (see checkVoidTarget). */
export function voidToMovements(voidTransaction: PosVoidV1, original: PosTransactionV1): PosVoidMovement[] {
  const broken = checkVoidTarget(voidTransaction, original);
  if (broken !== null) throw new IntakeRuleError(broken);
  if (original.type === 'void') throw new Error('unreachable: checkVoidTarget refuses voids of voids');

  const { storeId, terminalId, transactionId, occurredAt } = voidTransaction;
  const voidedMovementIdOf = posLineMovementIds(original.storeId, original.transactionId);
  return original.lines.map((line) => {
    const voidedMovementId = voidedMovementIdOf(line.lineNumber);
    return {
      movementId: voidMovementId(voidedMovementId),
      kind: 'void',
      sku: line.sku,
      locationId: original.storeId,
      quantity: line.quantity,
      occurredAt,
      source: { system: 'pos', storeId, terminalId, transactionId, lineNumber: line.lineNumber },
      voidedMovementId,
      voidedKind: original.type,
      unitPrice: line.unitPrice,
      currency: original.currency,
    };
  });
}
