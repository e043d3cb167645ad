// A window of [time, value] points for the charts: old points fall out as new ones arrive.

export type Point = readonly [time: number, value: number];

export class TimeSeries {
  private readonly points: Point[] = [];

  constructor(private readonly windowMs: number) {}

  add(time: number, value: number): void {
    this.points.push([time, value]);
    const oldest = time - this.windowMs;
    while (this.points.length > 0 && (this.points[0] as Point)[0] < oldest) this.points.shift();
  }

  values(): Point[] {
    return [...this.points];
  }

  latest(): number | undefined {
    return this.points[this.points.length - 1]?.[1];
  }
}
