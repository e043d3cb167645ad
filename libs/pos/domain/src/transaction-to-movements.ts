// A sale or return becomes one canonical inventory movement per line, at the store, at the till's
// time. The selling price travels along for revenue reporting; the ledger values stock at cost.
import type { MovementOfKind, PosReturnV1, PosSaleV1 } from '@ledgerline/contracts';
import { posLineMovementIds } from './movement-ids';

export type PosLinesTransaction = PosSaleV1 | PosReturnV1;
export type PosLineMovement = MovementOfKind<'sale'> | MovementOfKind<'return'>;

export function transactionToMovements(transaction: PosLinesTransaction): PosLineMovement[] {
  const { storeId, terminalId, transactionId, occurredAt, currency } = transaction;
  const movementIdOf = posLineMovementIds(storeId, transactionId);
  return transaction.lines.map((line) => ({
    movementId: movementIdOf(line.lineNumber),
    kind: transaction.type,
    sku: line.sku,
    locationId: storeId,
    quantity: line.quantity,
    occurredAt,
    source: { system: 'pos', storeId, terminalId, transactionId, lineNumber: line.lineNumber },
    unitPrice: line.unitPrice,
    currency,
  }));
}

/** The ids transactionToMovements gives the transaction's movements, without building the movements. */
export function transactionMovementIds(transaction: PosLinesTransaction): string[] {
  const movementIdOf = posLineMovementIds(transaction.storeId, transaction.transactionId);
  return transaction.lines.map((line) => movementIdOf(line.lineNumber));
}
