import type { CountItemRow } from './count-list-sql';
import { counterKeyIds, countListView } from './count-list-view';

const item = (sku: string, changes: Partial<CountItemRow>): CountItemRow => ({
  sku,
  position: 1,
  abcClass: 'A',
  risk: 45,
  reasons: ['class'],
  dueForCycle: false,
  status: 'open',
  firstCount: null,
  recount: null,
  bookQuantity: null,
  unitValue: null,
  countedAt: null,
  withinTolerance: null,
  movementId: null,
  countedBy: null,
  recountedBy: null,
  reviewedBy: null,
  ...changes,
});

const list = { listId: 'cc-20261207-S1', locationId: 'S1', countDay: Date.parse('2026-12-07T00:00:00Z') / 86_400_000 };

describe('countListView', () => {
  const items = [
    item('NEG', { position: 1, status: 'awaiting-approval', reasons: ['negative-on-hand', 'sold-while-book-empty'], firstCount: 0, recount: 0, bookQuantity: -1, unitValue: '5.0000', withinTolerance: false, countedAt: '2026-12-07T10:00:00.000Z', countedBy: 'k-staff', recountedBy: 'k-staff' }),
    item('BIG', { position: 2, status: 'posted', firstCount: 80, bookQuantity: 80, unitValue: '10.0000', withinTolerance: true, countedAt: '2026-12-07T09:00:00.000Z', countedBy: 'k-staff', reviewedBy: 'k-review', movementId: 'count:cc-20261207-S1:BIG' }),
    item('QUIET', { position: 3, status: 'open', abcClass: 'C', reasons: ['count-age'], dueForCycle: true }),
  ];

  it('says why each item is listed, where it stands and who counted it, by the labels known', () => {
    const view = countListView(list, items, new Map([['k-staff', 'S1 back office'], ['k-review', null]]));
    expect(view).toMatchObject({ listId: 'cc-20261207-S1', locationId: 'S1', day: '2026-12-07' });
    expect(view.statuses).toEqual({ open: 1, recount: 0, 'awaiting-approval': 1, posting: 0, posted: 1, rejected: 0 });
    expect(view.items[0]).toEqual({
      sku: 'NEG',
      position: 1,
      abcClass: 'A',
      risk: 45,
      reasons: ['negative-on-hand', 'sold-while-book-empty'],
      dueForCycle: false,
      status: 'awaiting-approval',
      countedAt: '2026-12-07T10:00:00.000Z',
      countedBy: { keyId: 'k-staff', label: 'S1 back office' },
      recountedBy: { keyId: 'k-staff', label: 'S1 back office' },
      reviewedBy: null,
    });
    expect(view.items[1]?.reviewedBy).toEqual({ keyId: 'k-review', label: null });
    expect(view.items[2]).toMatchObject({ sku: 'QUIET', dueForCycle: true, countedBy: null });
  });

  it('carries no book, counted quantity, unit value or tolerance: counts stay blind', () => {
    const view = countListView(list, items, new Map());
    for (const shown of view.items) expect(Object.keys(shown)).not.toEqual(expect.arrayContaining([expect.stringMatching(/book|firstCount|^recount$|unitValue|withinTolerance|movementId/)]));
    const text = JSON.stringify(view);
    expect(text).not.toMatch(/bookQuantity|unitValue|tolerance/i);
    expect(text).not.toContain('10.0000');
    expect(text).not.toContain(':-1');
    expect(text).not.toContain(':80');
  });

  it('names each counter, recounter and reviewer once', () => {
    expect(counterKeyIds(items).sort()).toEqual(['k-review', 'k-staff']);
    expect(counterKeyIds([])).toEqual([]);
  });
});
