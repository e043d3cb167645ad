import { candidateMethods } from './candidate-methods';

const names = (specs: ReturnType<typeof candidateMethods>): string[] => specs.map((spec) => spec.method);

describe('candidateMethods', () => {
  it('offers smoothing and seasonal methods for smooth and erratic demand', () => {
    expect(names(candidateMethods('smooth'))).toEqual(['naive', 'seasonal-naive', 'moving-average', 'simple-exponential-smoothing', 'holt-winters']);
    expect(names(candidateMethods('erratic'))).toEqual(names(candidateMethods('smooth')));
  });

  it('adds Croston, SBA and TSB for intermittent and lumpy demand', () => {
    expect(names(candidateMethods('lumpy'))).toEqual([...names(candidateMethods('smooth')), 'croston', 'sba', 'tsb']);
    expect(names(candidateMethods('intermittent'))).toContain('tsb');
  });

  it('leaves out seasonal methods for data without a season, and passes a season length on', () => {
    expect(names(candidateMethods('intermittent', { seasonPeriod: null }))).toEqual(['naive', 'moving-average', 'simple-exponential-smoothing', 'croston', 'sba', 'tsb']);
    expect(candidateMethods('smooth', { seasonPeriod: 12 })[1]).toEqual({ method: 'seasonal-naive', settings: { seasonPeriod: 12 } });
  });

  it('offers only naive when there was no demand', () => {
    expect(names(candidateMethods('no-demand'))).toEqual(['naive']);
  });
});
