// Decides what to publish from a set of stored transactions, locked together by the caller: sales
// and returns not yet published, and voids whose original is (or is about to be) published. A
// void never goes out before the movements it reverses, and a void parked before its original
// arrived is rejected here if that original turns out to be a void itself. A transaction another
// publisher has claimed is left to it, and so is a void whose original it holds: those wait.
import type { InventoryMovementV1, PosTransactionV1 } from '@ledgerline/contracts';
import type { IntakeViolation } from './intake-error';
import { checkVoidTarget } from './intake-rules';
import { transactionToMovements } from './transaction-to-movements';
import { voidToMovements } from './void-to-movements';

/** accepted: may be published; pending-original: a void waiting for its original; rejected: never published. */
export type StoredTransactionStatus = 'accepted' | 'pending-original' | 'rejected';

export interface StoredTransaction {
  readonly transaction: PosTransactionV1;
  readonly status: StoredTransactionStatus;
  readonly published: boolean;
  /** Another publisher holds a live claim on it and is sending it now. */
  readonly claimedElsewhere?: boolean;
}

export interface TransactionKey {
  readonly storeId: string;
  readonly transactionId: string;
}

export interface PlannedPublication extends TransactionKey {
  readonly movements: InventoryMovementV1[];
}

export interface PlannedRejection extends TransactionKey {
  readonly violation: IntakeViolation;
}

export interface PublicationPlan {
  /** In publishing order: originals before the voids that reverse them. */
  readonly publish: PlannedPublication[];
  readonly reject: PlannedRejection[];
  /** Not published and not publishable by this plan until another publisher's claim ends. */
  readonly waiting: TransactionKey[];
}

export function transactionKeyOf(transaction: TransactionKey): string {
  return `${transaction.storeId}\u0000${transaction.transactionId}`;
}

// Each planned entry is one object literal, not the key spread and a field added: V8 builds the
// latter on its slow path, a new hidden class per object.
export function planPublication(stored: readonly StoredTransaction[]): PublicationPlan {
  const byKey = new Map(stored.map((entry) => [transactionKeyOf(entry.transaction), entry]));
  const publish: PlannedPublication[] = [];
  const reject: PlannedRejection[] = [];
  const waiting: TransactionKey[] = [];
  const goingOut = new Set<string>();

  for (const { transaction, status, published, claimedElsewhere } of stored) {
    if (transaction.type === 'void' || status !== 'accepted' || published) continue;
    if (claimedElsewhere === true) {
      waiting.push(keyOf(transaction));
      continue;
    }
    publish.push({ storeId: transaction.storeId, transactionId: transaction.transactionId, movements: transactionToMovements(transaction) });
    goingOut.add(transactionKeyOf(transaction));
  }

  for (const { transaction, status, published, claimedElsewhere } of stored) {
    if (transaction.type !== 'void' || status === 'rejected' || published) continue;
    if (claimedElsewhere === true) {
      waiting.push(keyOf(transaction));
      continue;
    }
    const originalKey = transactionKeyOf({ storeId: transaction.storeId, transactionId: transaction.voidsTransactionId });
    const original = byKey.get(originalKey);
    if (original === undefined) continue;
    const broken = checkVoidTarget(transaction, original.transaction);
    if (broken !== null) {
      reject.push({ storeId: transaction.storeId, transactionId: transaction.transactionId, violation: broken });
      continue;
    }
    if (!original.published && !goingOut.has(originalKey)) {
      // Sent after its original's acknowledgement, never alongside another publisher's send of it.
      if (original.claimedElsewhere === true) waiting.push(keyOf(transaction));
      continue;
    }
    publish.push({ storeId: transaction.storeId, transactionId: transaction.transactionId, movements: voidToMovements(transaction, original.transaction) });
  }
  return { publish, reject, waiting };
}

function keyOf(transaction: TransactionKey): TransactionKey {
  return { storeId: transaction.storeId, transactionId: transaction.transactionId };
}
