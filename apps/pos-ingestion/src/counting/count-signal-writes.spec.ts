import fc from 'fast-check';
import { countSignalWrites, signalKeyOf } from './count-signal-writes';
import type { StockChangeSignal } from './stock-change-signal';

interface KeyRow {
  onHand: number;
  averageUnitCost: string;
  balanceVersion: number;
  lastCountedDay: number | null;
  firstSeenDay: number;
}
interface DayRow {
  unitsSold: number;
  variances: number;
  shrinkageAdjustments: number;
  soldWhileBookEmpty: boolean;
}

/** The tables as the statements per event left them: each signal applied alone, in order. */
function appliedOneByOne(signals: readonly StockChangeSignal[], keys: Map<string, KeyRow>, days: Map<string, DayRow>): void {
  for (const signal of signals) {
    const key = signalKeyOf(signal.locationId, signal.sku);
    const row = keys.get(key);
    if (row !== undefined && row.balanceVersion >= signal.balanceVersion) continue;
    const lastCountedDay = signal.counted ? Math.max(signal.day, row?.lastCountedDay ?? signal.day) : (row?.lastCountedDay ?? null);
    keys.set(key, { onHand: signal.onHand, averageUnitCost: signal.averageUnitCost, balanceVersion: signal.balanceVersion, lastCountedDay, firstSeenDay: row?.firstSeenDay ?? signal.day });
    if (signal.unitsSold === 0 && signal.variances === 0 && signal.shrinkageAdjustments === 0 && !signal.soldWhileBookEmpty) continue;
    addToDay(days, `${key}\u0000${signal.day}`, signal);
  }
}

function addToDay(days: Map<string, DayRow>, dayKey: string, added: DayRow): void {
  const day = days.get(dayKey) ?? { unitsSold: 0, variances: 0, shrinkageAdjustments: 0, soldWhileBookEmpty: false };
  days.set(dayKey, {
    unitsSold: day.unitsSold + added.unitsSold,
    variances: day.variances + added.variances,
    shrinkageAdjustments: day.shrinkageAdjustments + added.shrinkageAdjustments,
    soldWhileBookEmpty: day.soldWhileBookEmpty || added.soldWhileBookEmpty,
  });
}

/** The tables after the folded writes of a batch, written as the write statement does. */
function appliedFolded(signals: readonly StockChangeSignal[], keys: Map<string, KeyRow>, days: Map<string, DayRow>): void {
  const kept = new Map([...keys].map(([key, row]) => [key, row.balanceVersion]));
  const writes = countSignalWrites(signals, kept);
  for (const write of writes.keys) {
    const key = signalKeyOf(write.locationId, write.sku);
    const row = keys.get(key);
    expect(write.isNew).toBe(row === undefined);
    const lastCountedDay = row?.lastCountedDay == null ? write.lastCountedDay : write.lastCountedDay === null ? row.lastCountedDay : Math.max(row.lastCountedDay, write.lastCountedDay);
    keys.set(key, { onHand: write.onHand, averageUnitCost: write.averageUnitCost, balanceVersion: write.balanceVersion, lastCountedDay, firstSeenDay: row?.firstSeenDay ?? write.firstSeenDay });
  }
  for (const write of writes.days) addToDay(days, `${signalKeyOf(write.locationId, write.sku)}\u0000${write.day}`, write);
}

const signalArbitrary: fc.Arbitrary<StockChangeSignal> = fc.record({
  locationId: fc.constantFrom('S1', 'S2'),
  sku: fc.constantFrom('A', 'B', 'C'),
  day: fc.integer({ min: 20_000, max: 20_004 }),
  onHand: fc.integer({ min: -5, max: 50 }),
  averageUnitCost: fc.constantFrom('1.0000', '2.5000'),
  balanceVersion: fc.integer({ min: 1, max: 12 }),
  counted: fc.boolean(),
  unitsSold: fc.integer({ min: -2, max: 3 }),
  variances: fc.integer({ min: 0, max: 1 }),
  shrinkageAdjustments: fc.integer({ min: 0, max: 1 }),
  soldWhileBookEmpty: fc.boolean(),
});

describe('countSignalWrites', () => {
  it('leaves the tables exactly as applying the signals one by one would, however they are split into batches, redeliveries and reorderings included', () => {
    fc.assert(
      fc.property(fc.array(signalArbitrary, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 10 }), (signals, batchSizes) => {
        const oneByOne = { keys: new Map<string, KeyRow>(), days: new Map<string, DayRow>() };
        const folded = { keys: new Map<string, KeyRow>(), days: new Map<string, DayRow>() };
        let start = 0;
        for (let index = 0; start < signals.length; index++) {
          const batch = signals.slice(start, start + batchSizes[index % batchSizes.length]!);
          start += batch.length;
          appliedOneByOne(batch, oneByOne.keys, oneByOne.days);
          appliedFolded(batch, folded.keys, folded.days);
        }
        expect(folded).toEqual(oneByOne);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a key once, with the figures of its newest signal, and adds a day once per signal applied', () => {
    const signal = (balanceVersion: number, unitsSold: number, onHand: number): StockChangeSignal => ({
      locationId: 'S1', sku: 'A', day: 20_000, onHand, averageUnitCost: '1.0000', balanceVersion, counted: false,
      unitsSold, variances: 0, shrinkageAdjustments: 0, soldWhileBookEmpty: false,
    });
    const writes = countSignalWrites([signal(3, 1, 9), signal(4, 2, 7), signal(4, 2, 7), signal(2, 5, 20)], new Map([[signalKeyOf('S1', 'A'), 2]]));
    expect(writes.keys).toEqual([{ locationId: 'S1', sku: 'A', onHand: 7, averageUnitCost: '1.0000', balanceVersion: 4, lastCountedDay: null, firstSeenDay: 20_000, isNew: false }]);
    expect(writes.days).toEqual([{ locationId: 'S1', day: 20_000, sku: 'A', unitsSold: 3, variances: 0, shrinkageAdjustments: 0, soldWhileBookEmpty: false }]);
  });
});
