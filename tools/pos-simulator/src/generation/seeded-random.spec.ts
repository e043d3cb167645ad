import { SeededRandom, WeightedPicker } from './seeded-random';

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, ((random) => () => random.next())(new SeededRandom(seed)));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('keeps integers within bounds, both ends reachable', () => {
    const random = new SeededRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(random.integer(1, 8));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('forks independent streams that do not depend on later draws of the parent', () => {
    const a = new SeededRandom(3);
    const b = new SeededRandom(3);
    const forkA = a.fork('catalog');
    b.fork('catalog');
    expect(forkA.next()).toBe(new SeededRandom(3).fork('catalog').next());
    expect(new SeededRandom(3).fork('catalog').next()).not.toBe(new SeededRandom(3).fork('baskets').next());
  });

  it('has an exponential mean close to the one asked for', () => {
    const random = new SeededRandom(11);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += random.exponential(2);
    expect(sum / 20_000).toBeCloseTo(2, 1);
  });
});

describe('WeightedPicker', () => {
  it('picks in proportion to the weights and never a zero weight', () => {
    const picker = new WeightedPicker([8, 0, 2]);
    const random = new SeededRandom(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 10_000; i++) counts[picker.pickIndex(random)]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[0]! / 10_000).toBeCloseTo(0.8, 1);
  });

  it('refuses weights that cannot be sampled', () => {
    expect(() => new WeightedPicker([0, 0])).toThrow(/at least one weight/);
    expect(() => new WeightedPicker([1, -1])).toThrow(/non-negative/);
  });
});
