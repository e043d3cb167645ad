import { demandMultiplier, simulatedMomentAt } from './demand-pattern';

describe('demandMultiplier', () => {
  it('averages to 1 over a week, so the configured rate is the mean rate', () => {
    let sum = 0;
    let samples = 0;
    for (let weekday = 0; weekday < 7; weekday++) {
      for (let step = 0; step < 24 * 4; step++) {
        sum += demandMultiplier({ weekday, hour: step / 4 });
        samples++;
      }
    }
    expect(sum / samples).toBeCloseTo(1, 2);
  });

  it('is quiet at night, peaks after work, busier on Saturday than Sunday', () => {
    const tuesday = (hour: number) => demandMultiplier({ weekday: 1, hour });
    expect(tuesday(3)).toBeLessThan(0.1);
    expect(tuesday(18)).toBeGreaterThan(tuesday(10));
    expect(demandMultiplier({ weekday: 5, hour: 12 })).toBeGreaterThan(2 * demandMultiplier({ weekday: 6, hour: 12 }));
  });

  it('changes smoothly between hours', () => {
    const before = demandMultiplier({ weekday: 2, hour: 11.99 });
    const after = demandMultiplier({ weekday: 2, hour: 12.0 });
    expect(Math.abs(after - before)).toBeLessThan(0.02);
  });
});

describe('simulatedMomentAt', () => {
  const clock = { dayLengthSeconds: 600, start: { weekday: 0, hour: 8 } };

  it('starts at the given moment and runs one day per dayLengthSeconds', () => {
    const expectMoment = (elapsed: number, weekday: number, hour: number) => {
      const moment = simulatedMomentAt(elapsed, clock);
      expect(moment.weekday).toBe(weekday);
      expect(moment.hour).toBeCloseTo(hour, 6);
    };
    expectMoment(0, 0, 8);
    expectMoment(300, 0, 20);
    expectMoment(600, 1, 8);
    expectMoment(450, 1, 2);
  });

  it('wraps from Sunday to Monday', () => {
    const moment = simulatedMomentAt(7 * 600, clock);
    expect(moment.weekday).toBe(0);
    expect(moment.hour).toBeCloseTo(8, 6);
  });
});
