import { seededRandom, seededSample } from './seeded-random';

describe('seeded random numbers', () => {
  it('repeats the same sequence for the same seed, in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(seededRandom(43)()).not.toBe(values[0]);
  });

  it('is roughly uniform: the mean of 10,000 draws is within 0.02 of 0.5', () => {
    const random = seededRandom(1);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += random();
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.02);
  });

  it('samples without replacement, keeps the original order, and is reproducible', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const sample = seededSample(items, 10, 5);
    expect(sample).toHaveLength(10);
    expect(new Set(sample).size).toBe(10);
    expect([...sample].sort((x, y) => x - y)).toEqual(sample);
    expect(seededSample(items, 10, 5)).toEqual(sample);
    expect(seededSample(items, 200, 5)).toEqual(items);
  });
});
