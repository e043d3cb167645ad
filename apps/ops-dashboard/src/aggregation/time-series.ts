// A window of [time, value] points for the charts: old points fall out as new ones arrive. A value
// equal to the latest adds no point (the page draws the latest value on to the present), so a
// quiet platform leaves its series, and so the page's snapshot, unchanged. The newest point older
// than the window stays as the start of the line.

export type Point = readonly [time: number, value: number];

export class TimeSeries {
  private readonly points: Point[] = [];

  constructor(private readonly windowMs: number) {}

  add(time: number, value: number): void {
    if (this.latest() === value) return;
    this.points.push([time, value]);
    const oldest = time - this.windowMs;
    while (this.points.length > 1 && (this.points[1] as Point)[0] <= oldest) this.points.shift();
  }

  values(): Point[] {
    return [...this.points];
  }

  latest(): number | undefined {
    return this.points[this.points.length - 1]?.[1];
  }
}
