import { goldenSectionMinimum, gridThenGoldenMinimum } from './parameter-search';

describe('parameter search', () => {
  const parabola = (x: number): number => (x - 0.3) * (x - 0.3) + 1;

  it('golden-section search narrows in on the minimum of a unimodal function', () => {
    // Each iteration keeps 0.618 of the bracket: after 30, [0, 1] is 0.618^30 ≈ 5e-7 wide.
    const minimum = goldenSectionMinimum(parabola, 0, 1, 30);
    expect(minimum.argument).toBeCloseTo(0.3, 5);
    expect(minimum.value).toBeCloseTo(1, 10);
  });

  it('refines between the neighbours of the best grid point', () => {
    // Grid 0, 0.25, 0.5, 1: best 0.25 (value 1.0025); the refinement searches [0, 0.5].
    const minimum = gridThenGoldenMinimum(parabola, [0, 0.25, 0.5, 1], 20);
    expect(minimum.argument).toBeCloseTo(0.3, 3);
    expect(minimum.value).toBeLessThan(parabola(0.25));
  });

  it('keeps the grid point when refinement is off or the grid has one point', () => {
    expect(gridThenGoldenMinimum(parabola, [0, 0.25, 0.5], 0)).toEqual({ argument: 0.25, value: parabola(0.25) });
    expect(gridThenGoldenMinimum(parabola, [0.9], 5)).toEqual({ argument: 0.9, value: parabola(0.9) });
  });

  it('finds the global basin of a function with two local minima where golden-section alone would not', () => {
    // Local minimum near 0.1 (value 0.5), global at 0.8 (value 0); golden-section on [0, 1]
    // starts at 0.382 / 0.618 and is misled; the grid sees 0.8 directly.
    const twoBasins = (x: number): number => Math.min(0.5 + 10 * (x - 0.1) ** 2, 20 * (x - 0.8) ** 2);
    expect(gridThenGoldenMinimum(twoBasins, [0, 0.2, 0.4, 0.6, 0.8, 1], 10).argument).toBeCloseTo(0.8, 2);
  });
});
