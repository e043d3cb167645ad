// A count list as an operator's view sees it (scope counts:read, the dashboard's): what is on the
// list, why each item was chosen, where it stands and who counted, recounted and reviewed it, but
// no book quantity, no counted quantity, no unit value and no within-tolerance flag. The list is
// what store staff count from, and counts are blind: a screen that puts the book beside the list
// would show a counter the figure a blind count hides; variances are the reviewers' business
// (counts:review, GET /v1/count-lists/:listId/review).
import type { AbcClass, RiskReason } from '@ledgerline/pos-domain';
import { isoDateOf } from './count-days';
import type { CountItemRow, CountItemStatus, CountListRow } from './count-list-sql';

export interface Counter {
  readonly keyId: string;
  /** The label the credential was issued with (a store key's or a service credential's), if any. */
  readonly label: string | null;
}

export interface CountListViewItem {
  readonly sku: string;
  readonly position: number;
  readonly abcClass: AbcClass;
  readonly risk: number;
  readonly reasons: readonly RiskReason[];
  readonly dueForCycle: boolean;
  readonly status: CountItemStatus;
  readonly countedAt: string | null;
  readonly countedBy: Counter | null;
  readonly recountedBy: Counter | null;
  readonly reviewedBy: Counter | null;
}

export interface CountListView {
  readonly listId: string;
  readonly locationId: string;
  readonly day: string;
  /** How many items are in each status. */
  readonly statuses: Readonly<Record<CountItemStatus, number>>;
  readonly items: readonly CountListViewItem[];
}

const NO_ITEMS: Record<CountItemStatus, number> = { open: 0, recount: 0, 'awaiting-approval': 0, posting: 0, posted: 0, rejected: 0 };

/** The key ids a list's items name as counter, recounter or reviewer, each once. */
export function counterKeyIds(items: readonly CountItemRow[]): string[] {
  return [...new Set(items.flatMap((item) => [item.countedBy, item.recountedBy, item.reviewedBy]).filter((keyId): keyId is string => keyId !== null))];
}

export function countListView(list: CountListRow, items: readonly CountItemRow[], labels: ReadonlyMap<string, string | null>): CountListView {
  const counter = (keyId: string | null): Counter | null => (keyId === null ? null : { keyId, label: labels.get(keyId) ?? null });
  const statuses = { ...NO_ITEMS };
  for (const item of items) statuses[item.status] += 1;
  return {
    listId: list.listId,
    locationId: list.locationId,
    day: isoDateOf(list.countDay),
    statuses,
    items: items.map((item) => ({
      sku: item.sku,
      position: item.position,
      abcClass: item.abcClass,
      risk: item.risk,
      reasons: item.reasons,
      dueForCycle: item.dueForCycle,
      status: item.status,
      countedAt: item.countedAt,
      countedBy: counter(item.countedBy),
      recountedBy: counter(item.recountedBy),
      reviewedBy: counter(item.reviewedBy),
    })),
  };
}
