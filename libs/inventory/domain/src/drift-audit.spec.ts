// The drift audit's rules: which figures disagree, how the auditor paces itself, and what the
// pass bookkeeping says about when a key was last verified.
import {
  AUDITED_FIELDS,
  LOCATION_TOTAL_FIELDS,
  auditedFigureText,
  balanceDiscrepancies,
  isMoneyField,
  keyVerification,
  locationTotalDiscrepancies,
  pauseAfterChunk,
  type AuditedFigures,
  type KeyVerificationFacts,
  type LocationTotalFigures,
} from './index';

const figures = (overrides: Partial<AuditedFigures> = {}): AuditedFigures => ({
  onHand: 12n,
  inTransit: -2n,
  onOrder: 5n,
  inventoryValue: 300_000n,
  inTransitValue: 0n,
  reserved: 3n,
  ...overrides,
});

const totals = (overrides: Partial<LocationTotalFigures> = {}): LocationTotalFigures => ({
  onHand: 1_250n,
  inventoryValue: 31_250_000n,
  inTransitValue: 0n,
  balances: 40n,
  negative: 2n,
  stockout: 5n,
  low: 7n,
  ...overrides,
});

describe('locationTotalDiscrepancies', () => {
  it('finds nothing when every running total equals its count over the balances', () => {
    expect(locationTotalDiscrepancies(totals(), totals())).toEqual([]);
  });

  it.each(LOCATION_TOTAL_FIELDS)('names %s when only it differs, with both figures', (field) => {
    expect(locationTotalDiscrepancies(totals({ [field]: totals()[field] - 1n }), totals())).toEqual([{ field, kept: totals()[field] - 1n, fromBalances: totals()[field] }]);
  });

  it('lists several fields in a fixed order, values in ten-thousandths', () => {
    const found = locationTotalDiscrepancies(totals({ low: 8n, inventoryValue: 31_250_001n }), totals());
    expect(found.map((entry) => entry.field)).toEqual(['inventoryValue', 'low']);
    expect(auditedFigureText(found[0]!.field, found[0]!.kept)).toBe('3125.0001');
    expect(auditedFigureText(found[1]!.field, found[1]!.kept)).toBe('8');
  });
});

describe('balanceDiscrepancies', () => {
  it('finds nothing when every figure equals its sum', () => {
    expect(balanceDiscrepancies(figures(), figures())).toEqual([]);
  });

  it.each(AUDITED_FIELDS)('names %s when only it differs, with both figures', (field) => {
    const stored = figures({ [field]: figures()[field] + 1n });
    expect(balanceDiscrepancies(stored, figures())).toEqual([{ field, stored: figures()[field] + 1n, fromMovements: figures()[field] }]);
  });

  it('tells a ten-thousandth of value apart, beyond what a float could', () => {
    const big = 9_007_199_254_740_993n;
    expect(balanceDiscrepancies(figures({ inventoryValue: big }), figures({ inventoryValue: big - 1n })).map((d) => d.field)).toEqual(['inventoryValue']);
  });

  it('lists several fields in a fixed order', () => {
    expect(balanceDiscrepancies(figures({ inTransitValue: 1n, onHand: 0n }), figures()).map((d) => d.field)).toEqual(['onHand', 'inTransitValue']);
  });

  it('writes units as integers and money with four fraction digits, exactly', () => {
    expect(auditedFigureText('onHand', -7n)).toBe('-7');
    expect(auditedFigureText('inventoryValue', 125_000n)).toBe('12.5000');
    expect(auditedFigureText('inTransitValue', -1n)).toBe('-0.0001');
    expect(auditedFigureText('inventoryValue', 123_456_789_012_345_678_901_234n)).toBe('12345678901234567890.1234');
  });

  it('knows which fields are money', () => {
    expect(AUDITED_FIELDS.filter(isMoneyField)).toEqual(['inventoryValue', 'inTransitValue']);
  });
});

describe('pauseAfterChunk', () => {
  it('rests at least the minimum after a quick chunk', () => {
    expect(pauseAfterChunk(0, { minPauseMs: 250, maxBusyShare: 0.05 })).toBe(250);
  });

  it('keeps the busy share: a 100 ms chunk at 5 % rests 1.9 s', () => {
    const pause = pauseAfterChunk(100, { minPauseMs: 10, maxBusyShare: 0.05 });
    expect(pause).toBe(1_900);
    expect(100 / (100 + pause)).toBeCloseTo(0.05, 10);
  });

  it('does not rest beyond the minimum when the whole of the time may be used', () => {
    expect(pauseAfterChunk(500, { minPauseMs: 0, maxBusyShare: 1 })).toBe(0);
  });

  it('refuses a share outside (0, 1]', () => {
    expect(() => pauseAfterChunk(1, { minPauseMs: 0, maxBusyShare: 0 })).toThrow(RangeError);
    expect(() => pauseAfterChunk(1, { minPauseMs: 0, maxBusyShare: 1.5 })).toThrow(RangeError);
  });
});

describe('keyVerification', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));
  const facts = (overrides: Partial<KeyVerificationFacts>): KeyVerificationFacts => ({
    reachedByCurrentPass: false,
    currentPass: { passNumber: 8, startedAt: at(30), cursorMovedAt: at(40) },
    lastCompletedPass: { passNumber: 7, startedAt: at(0), finishedAt: at(20) },
    balanceWrittenAt: at(-5),
    openMismatches: 0,
    ...overrides,
  });

  it('places a key the cursor has passed in the current pass, up to the cursor', () => {
    expect(keyVerification(facts({ reachedByCurrentPass: true }))).toEqual({ status: 'verified', lastVerified: { passNumber: 8, from: at(30), to: at(40) } });
  });

  it('places a key ahead of the cursor in the last completed pass', () => {
    expect(keyVerification(facts({}))).toEqual({ status: 'verified', lastVerified: { passNumber: 7, from: at(0), to: at(20) } });
  });

  it('awaits a check when the balance was written after the window opened', () => {
    expect(keyVerification(facts({ balanceWrittenAt: at(10) }))).toEqual({ status: 'awaiting-check', lastVerified: { passNumber: 7, from: at(0), to: at(20) } });
  });

  it('has no window before any pass reached the key', () => {
    expect(keyVerification(facts({ currentPass: { passNumber: 1, startedAt: at(30), cursorMovedAt: null }, lastCompletedPass: null }))).toEqual({ status: 'awaiting-check', lastVerified: null });
  });

  it('reports an open mismatch whatever the passes say', () => {
    expect(keyVerification(facts({ openMismatches: 2, reachedByCurrentPass: true }))).toEqual({ status: 'mismatch', lastVerified: { passNumber: 8, from: at(30), to: at(40) } });
  });
});
