import type { ReorderPolicy } from '@ledgerline/forecasting-domain';
import { type ActiveSuggestion, decideSuggestion, type SuggestionInput, type SuggestionTransition } from './suggestion-lifecycle';

const lot: ReorderPolicy = { reorderPoint: 40, orderQuantity: { kind: 'fixed-quantity', quantity: 100 }, packSize: 12 };
const upTo: ReorderPolicy = { reorderPoint: 40, orderQuantity: { kind: 'order-up-to', level: 40 }, packSize: 1 };
const input = (stockPosition: number, overrides: Partial<SuggestionInput> = {}): SuggestionInput => ({
  stockPosition,
  reorderPolicy: lot,
  forecastDailyDemand: 10,
  materialGrowth: 0.25,
  ...overrides,
});

/** Runs a sequence of positions through the lifecycle, as successive stock-changed events would. */
function replay(positions: Array<number | SuggestionInput>): SuggestionTransition[] {
  let active: ActiveSuggestion | null = null;
  return positions.map((position, index) => {
    const transition = decideSuggestion(active, typeof position === 'number' ? input(position) : position);
    if (transition.kind === 'open' || transition.kind === 'updated') active = { suggestionId: `s${index}`, orderQuantity: transition.orderQuantity };
    if (transition.kind === 'cleared') active = null;
    return transition;
  });
}

describe('reorder suggestion lifecycle', () => {
  it('opens once when the position falls to the reorder point and stays quiet while sales continue', () => {
    const kinds = replay([60, 48, 41, 40, 37, 33, 30, 26]).map((transition) => transition.kind);
    expect(kinds).toEqual(['none', 'none', 'none', 'open', 'none', 'none', 'none', 'none']);
  });

  it('orders whole packs of the lot, at least the minimum order', () => {
    const [open] = replay([40]);
    expect(open).toEqual({ kind: 'open', orderQuantity: 108, reason: 'Stock position 40 fell to the reorder point 40' });
    const [withMinimum] = replay([input(40, { reorderPolicy: { ...lot, minimumOrderQuantity: 150 } })]);
    expect(withMinimum).toMatchObject({ kind: 'open', orderQuantity: 156 });
  });

  it('updates only when the needed quantity grows materially', () => {
    const transitions = replay([30, 28, 27, 25].map((position) => input(position, { reorderPolicy: upTo })));
    expect(transitions.map((transition) => transition.kind)).toEqual(['open', 'none', 'updated', 'none']);
    expect(transitions[0]).toMatchObject({ orderQuantity: 10 });
    expect(transitions[2]).toMatchObject({ orderQuantity: 13, reason: expect.stringMatching(/grows from 10 to 13/) });
  });

  it('grows a fixed-lot suggestion only when the position drops a whole lot below the reorder point', () => {
    expect(replay([40, 0, -59, -61]).map((transition) => transition.kind)).toEqual(['open', 'none', 'none', 'updated']);
  });

  it('clears when an order or a receipt lifts the position above the reorder point, and opens again on the next need', () => {
    const transitions = replay([35, input(143, { riseCause: 'order' }), 100, 39, input(41, { riseCause: 'receipt' })]);
    expect(transitions.map((transition) => transition.kind)).toEqual(['open', 'cleared', 'none', 'open', 'cleared']);
    expect(transitions[1]?.reason).toMatch(/^An order was placed: stock position 143 is above the reorder point 40/);
    expect(transitions[4]?.reason).toMatch(/^A receipt arrived/);
  });

  it('stays open when an order covers only part of the need', () => {
    expect(replay([30, input(38, { riseCause: 'order' })]).map((transition) => transition.kind)).toEqual(['open', 'none']);
  });

  it('never suggests an order for an item without forecast demand, and clears one whose demand vanished', () => {
    expect(replay([input(0, { forecastDailyDemand: 0, reorderPolicy: { ...lot, reorderPoint: 0 } })])[0]).toMatchObject({ kind: 'none', reason: 'No demand is forecast' });
    expect(replay([30, input(30, { forecastDailyDemand: 0 })]).map((transition) => transition.kind)).toEqual(['open', 'cleared']);
  });

  it('explains a clearance caused by a refit lowering the reorder point', () => {
    const transitions = replay([30, input(30, { reorderPolicy: { ...lot, reorderPoint: 25 }, riseCause: 'refit' })]);
    expect(transitions[1]).toMatchObject({ kind: 'cleared', reason: expect.stringMatching(/^The refitted forecast lowered the reorder point/) });
  });
});
