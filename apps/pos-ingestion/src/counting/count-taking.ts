// Counted quantities for a list, and the review of held counts. Blind: the book is read here and
// never returned to a counter. A first count within the recount limits is posted; beyond them the
// item asks for a recount; a recount beyond the approval limits waits for a reviewer. Posting is
// the usual count movement `count:<listId>:<sku>` through the store-operations intake, so a retry
// finds it a duplicate and the ledger applies it once. An item is marked 'posting' (with the
// quantity and time of its movement) before it is sent, so a retry after a 503 sends the same
// movement again.
import { parseMoney } from '@ledgerline/money';
import { decideCount, isWithinLimits, type CountAttempt, type MovementCaller } from '@ledgerline/pos-domain';
import type { InventoryMovementV1 } from '@ledgerline/contracts';
import type { StoreOperationsIntake, StoreOperationsOutcome } from '../movements/store-operations-intake';
import { checkCallerCovers } from './count-caller';
import { CountingError } from './count-errors';
import type { CountItemRow, CountItemStatus, CountListRow, CountListSql, ItemChange } from './count-list-sql';
import type { CountingSettings } from './counting-settings';

export interface CountedLine {
  readonly sku: string;
  readonly countedQuantity: number;
}

/** What a counter is told about each line: no book figure. */
export type CountLineStatus = 'posted' | 'recount-requested' | 'awaiting-approval' | 'rejected';

const ANSWERED_STATUS: Partial<Record<CountItemStatus, CountLineStatus>> = {
  posted: 'posted',
  posting: 'posted',
  recount: 'recount-requested',
  'awaiting-approval': 'awaiting-approval',
  rejected: 'rejected',
};

export class CountTaking {
  constructor(
    private readonly lists: CountListSql,
    private readonly intake: StoreOperationsIntake,
    private readonly settings: CountingSettings,
  ) {}

  async listOf(listId: string, caller?: MovementCaller): Promise<{ list: CountListRow; items: CountItemRow[] }> {
    const list = await this.lists.findList(listId);
    if (!list) throw new CountingError('COUNTS.UNKNOWN_LIST', `No count list ${listId}`, 'listId');
    if (caller) checkCallerCovers(caller, list.locationId, 'listId');
    return { list, items: await this.lists.itemsOf(listId) };
  }

  async submit(listId: string, lines: readonly CountedLine[], caller: MovementCaller, now = new Date()): Promise<Array<{ sku: string; status: CountLineStatus }>> {
    const { list, items } = await this.listOf(listId, caller);
    const bySku = new Map(items.map((item) => [item.sku, item]));
    lines.forEach((line, index) => {
      if (!bySku.has(line.sku)) throw new CountingError('COUNTS.UNKNOWN_SKU', `lines[${index}].sku ${line.sku} is not on count list ${listId}`, `lines[${index}].sku`);
    });
    const book = await this.lists.bookOf(list.locationId, lines.map((line) => line.sku));
    for (const [index, line] of lines.entries()) {
      const item = bySku.get(line.sku)!;
      const attempt: CountAttempt | null = item.status === 'open' ? 'first' : item.status === 'recount' ? 'recount' : null;
      if (attempt === null) {
        const last = item.recount ?? item.firstCount;
        if (last !== line.countedQuantity) throw new CountingError('COUNTS.ALREADY_DECIDED', `lines[${index}]: ${line.sku} was already counted (${item.status}); a new count needs a new list`, `lines[${index}].countedQuantity`);
        continue;
      }
      const figures = { bookQuantity: book.get(line.sku)?.onHand ?? 0, countedQuantity: line.countedQuantity, unitValue: parseMoney(book.get(line.sku)?.averageUnitCost ?? '0') };
      const decision = decideCount(figures, attempt, this.settings.thresholds);
      const to: CountItemStatus = decision === 'post' ? 'posting' : decision === 'recount' ? 'recount' : 'awaiting-approval';
      const change: ItemChange = {
        from: item.status,
        to,
        ...(attempt === 'first' ? { firstCount: line.countedQuantity, countedBy: caller.keyId } : { recount: line.countedQuantity, recountedBy: caller.keyId }),
        bookQuantity: figures.bookQuantity,
        unitValue: book.get(line.sku)?.averageUnitCost ?? '0',
        countedAt: now.toISOString(),
        withinTolerance: isWithinLimits(figures, this.settings.thresholds.recount),
      };
      if (!(await this.lists.changeItem(listId, line.sku, change))) {
        throw new CountingError('COUNTS.CHANGED_MEANWHILE', `lines[${index}]: ${line.sku} was counted by another request meanwhile`, `lines[${index}].sku`);
      }
    }
    await this.postWaiting(list, caller);
    const after = new Map((await this.lists.itemsOf(listId)).map((item) => [item.sku, item]));
    return lines.map((line) => ({ sku: line.sku, status: ANSWERED_STATUS[after.get(line.sku)!.status]! }));
  }

  /** A reviewer's decision on a count held for approval: approved is posted, rejected is not; or another recount. */
  async review(listId: string, sku: string, decision: 'approve' | 'reject' | 'recount', reviewerKeyId: string): Promise<CountItemRow> {
    const { list, items } = await this.listOf(listId);
    const item = items.find((candidate) => candidate.sku === sku);
    if (!item) throw new CountingError('COUNTS.UNKNOWN_SKU', `sku ${sku} is not on count list ${listId}`, 'sku');
    if (item.status !== 'awaiting-approval') throw new CountingError('COUNTS.NOT_AWAITING_APPROVAL', `${sku} on ${listId} is ${item.status}, not awaiting approval`, 'sku');
    const to: CountItemStatus = decision === 'approve' ? 'posting' : decision === 'reject' ? 'rejected' : 'recount';
    if (!(await this.lists.changeItem(listId, sku, { from: 'awaiting-approval', to, reviewedBy: reviewerKeyId }))) {
      throw new CountingError('COUNTS.CHANGED_MEANWHILE', `${sku} on ${listId} was reviewed by another request meanwhile`, 'sku');
    }
    if (decision === 'approve') await this.postWaiting(list, { kind: 'service', keyId: reviewerKeyId });
    return (await this.lists.itemsOf(listId)).find((candidate) => candidate.sku === sku)!;
  }

  /** Sends every item of the list marked posting (this request's and any a failed request left). */
  private async postWaiting(list: CountListRow, caller: MovementCaller): Promise<void> {
    const posting = (await this.lists.itemsOf(list.listId)).filter((item) => item.status === 'posting');
    if (posting.length === 0) return;
    const movements = posting.map((item) => countMovement(list, item));
    const outcome = await this.intake.submit(movements, caller, (index) => `lines[${index}]`, { catalog: 'listed' });
    if (outcome.kind !== 'taken') throw unexpected(outcome);
    await this.lists.markPosted(list, movements.map((movement) => ({ sku: movement.sku, movementId: movement.movementId })));
  }
}

export function countMovementId(listId: string, sku: string): string {
  return `count:${listId}:${sku}`;
}

function countMovement(list: CountListRow, item: CountItemRow): InventoryMovementV1 {
  return {
    movementId: countMovementId(list.listId, item.sku),
    kind: 'count',
    sku: item.sku,
    locationId: list.locationId,
    occurredAt: item.countedAt!,
    source: { system: 'ops', documentId: list.listId },
    countId: list.listId,
    countedQuantity: (item.recount ?? item.firstCount)!,
  };
}

function unexpected(outcome: Exclude<StoreOperationsOutcome, { kind: 'taken' }>): Error {
  return new Error(`a count movement was refused by the intake (${outcome.kind}): ${JSON.stringify(outcome.errors)}`);
}
