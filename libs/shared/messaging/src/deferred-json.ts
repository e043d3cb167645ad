// A record value that writes its JSON text only when it is sent. The ledger's relay builds a
// batch's events (thousands) before the first of them goes out; held as finished strings they
// survived young-generation collections and were copied by each one, which cost more than
// writing them. Deferred, a waiting event is one small object over data already held, and its
// text lives only from the moment its request is built until it is sent.

export class DeferredJson<T = unknown> {
  constructor(
    private readonly source: T,
    private readonly write: (source: T) => string,
  ) {}

  /** The value's JSON text, written again on each call (a re-send after a failure). */
  text(): string {
    return this.write(this.source);
  }

  /** JSON.stringify of a record that holds this value still writes the same JSON. */
  toJSON(): unknown {
    return JSON.parse(this.text());
  }
}

/** The JSON text of a record value: strings and buffers as they are, deferred values written now, anything else stringified. */
export function jsonTextOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof DeferredJson) return value.text();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return JSON.stringify(value);
}
