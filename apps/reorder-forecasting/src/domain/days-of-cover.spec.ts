import { daysOfCover } from './days-of-cover';

describe('daysOfCover', () => {
  it('divides on hand by the daily demand, to a tenth of a day', () => {
    expect(daysOfCover(20, 4)).toBe(5);
    expect(daysOfCover(10, 3)).toBe(3.3);
  });

  it('is 0 with nothing on hand, and unknown when no demand is forecast', () => {
    expect(daysOfCover(0, 4)).toBe(0);
    expect(daysOfCover(-3, 4)).toBe(0);
    expect(daysOfCover(12, 0)).toBeNull();
  });
});
