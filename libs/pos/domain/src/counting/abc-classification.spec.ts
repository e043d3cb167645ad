import { classifyAbc, usageValue } from './abc-classification';

const unit = (currencyUnits: number) => BigInt(currencyUnits) * 10_000n;

describe('classifyAbc', () => {
  it('ranks by units sold times unit value, A up to 80 % of the total, B up to 95 %', () => {
    const classes = classifyAbc([
      { sku: 'PRICEY-SLOW', unitsSold: 1, unitValue: unit(800) }, // 800
      { sku: 'CHEAP-FAST', unitsSold: 100, unitValue: unit(1) }, // 100
      { sku: 'MIDDLE', unitsSold: 5, unitValue: unit(10) }, // 50
      { sku: 'TAIL', unitsSold: 5, unitValue: unit(10) }, // 50
    ]);
    expect(Object.fromEntries(classes)).toEqual({ 'PRICEY-SLOW': 'A', 'CHEAP-FAST': 'B', MIDDLE: 'B', TAIL: 'C' });
  });

  it('makes an item that never sold C, however valuable', () => {
    const classes = classifyAbc([
      { sku: 'DIAMOND', unitsSold: 0, unitValue: unit(10_000) },
      { sku: 'GUM', unitsSold: 10, unitValue: unit(1) },
    ]);
    expect(classes.get('DIAMOND')).toBe('C');
    expect(classes.get('GUM')).toBe('A');
  });

  it('gives the same classes whatever the input order (ties broken by SKU)', () => {
    const items = ['Z', 'Y', 'X', 'W', 'V'].map((sku) => ({ sku, unitsSold: 1, unitValue: unit(1) }));
    expect(classifyAbc(items)).toEqual(classifyAbc([...items].reverse()));
    expect(Object.fromEntries(classifyAbc(items))).toEqual({ V: 'A', W: 'A', X: 'A', Y: 'A', Z: 'B' });
  });

  it('refuses shares that are not ordered', () => {
    expect(() => classifyAbc([], { aSharePercent: 90, bSharePercent: 80 })).toThrow(RangeError);
  });

  it('does not let returns make usage negative', () => {
    expect(usageValue({ sku: 'R', unitsSold: -3, unitValue: unit(5) })).toBe(0n);
  });
});
