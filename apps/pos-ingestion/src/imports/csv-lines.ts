// Reads an uploaded file as UTF-8 lines while it arrives, holding one chunk and one partial line
// at a time, so a file of any size costs the same memory. A byte sequence that is not UTF-8 and a
// file beyond its size limit stop the reading with CsvStreamError, naming the line.
import type { Readable } from 'node:stream';

export class CsvStreamError extends Error {
  constructor(
    readonly kind: 'not-utf8' | 'too-large',
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvStreamError';
  }
}

/** Lines numbered from 1, without their line feed (a CR before it is left to the CSV parser). */
export async function* utf8Lines(stream: Readable, maxBytes: number): AsyncGenerator<{ number: number; text: string }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let number = 0;
  let bytes = 0;
  const decode = (chunk?: Buffer): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      // Which line: the line feeds of the chunk before the first sequence a lenient decoder replaces.
      const lenient = chunk === undefined ? '' : new TextDecoder('utf-8').decode(chunk);
      const bad = lenient.indexOf('\uFFFD');
      const line = number + 1 + (bad < 0 ? 0 : lenient.slice(0, bad).split('\n').length - 1);
      throw new CsvStreamError('not-utf8', line, `line ${line} is not UTF-8: save the file as UTF-8 and upload it again`);
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      stream.destroy();
      throw new CsvStreamError('too-large', number + 1, `the file is larger than the limit of ${maxBytes} bytes (reached at line ${number + 1})`);
    }
    pending += decode(chunk);
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      yield { number: ++number, text: pending.slice(0, newline) };
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  pending += decode();
  if (pending.length > 0) yield { number: ++number, text: pending };
}
