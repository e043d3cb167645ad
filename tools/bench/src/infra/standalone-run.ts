// What a bench tool run on its own (not by `npm run bench`) shares: its figures printed one JSON
// object a line, rounded to a tenth, and an exit code that fails on any error.

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function print(figures: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

export function runStandalone(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
