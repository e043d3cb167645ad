// A Kafka record's headers as text, read for every record every consumer takes. Written as one
// loop over the names rather than Object.fromEntries over Object.entries, which built two arrays
// per header and cost more than the rest of turning a fetched message into a record.
import type { IHeaders } from 'kafkajs';

/** Each header's value as text ('' when it has none), under its name, in the order the record lists them. */
export function headerTexts(headers: IHeaders | undefined): Record<string, string> {
  const texts: Record<string, string> = {};
  if (headers === undefined) return texts;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const text = value ? value.toString() : '';
    // A header named "__proto__" stays a header, as Object.fromEntries kept it, not the object's prototype.
    if (name === '__proto__') Object.defineProperty(texts, name, { value: text, enumerable: true, writable: true, configurable: true });
    else texts[name] = text;
  }
  return texts;
}
