// Progress while the bench runs, on stderr so the table on stdout stays clean. On a terminal one
// line is rewritten in place; otherwise (CI, a log file) a line is printed at most every few seconds.

export interface Progress {
  /** A milestone: always printed on its own line. */
  step(message: string): void;
  /** A running figure: rewritten in place, or throttled when not on a terminal. */
  update(message: string): void;
}

export function consoleProgress(stream: NodeJS.WriteStream = process.stderr, throttleMs = 3_000): Progress {
  const started = Date.now();
  let lastUpdate = 0;
  let pendingLine = false;
  const stamp = () => `[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s]`;
  const endLine = () => {
    if (pendingLine) stream.write('\n');
    pendingLine = false;
  };
  return {
    step(message) {
      endLine();
      stream.write(`${stamp()} ${message}\n`);
    },
    update(message) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${stamp()}   ${message}`);
        pendingLine = true;
        return;
      }
      if (Date.now() - lastUpdate < throttleMs) return;
      lastUpdate = Date.now();
      stream.write(`${stamp()}   ${message}\n`);
    },
  };
}

export const silentProgress: Progress = { step: () => undefined, update: () => undefined };
