// Kafka refuses a produce request whose record batch for one partition exceeds the broker's
// message.max.bytes (1 MB by default), and a batch of a thousand POS transactions easily makes
// several megabytes of movements. Records are therefore serialised once here and sent in
// consecutive requests of bounded size; with the idempotent producer and one request in flight
// their order, and so the order per key, is kept.
import { jsonTextOf, type EventProducer, type OutgoingRecord } from '@ledgerline/messaging';

/** Well under the broker default of 1 MB, leaving room for record overhead and headers. */
export const DEFAULT_MAX_REQUEST_BYTES = 512 * 1024;

export async function sendInChunks(producer: EventProducer, records: readonly OutgoingRecord[], maxBytes = DEFAULT_MAX_REQUEST_BYTES): Promise<void> {
  for (const chunk of chunkBySize(records, maxBytes)) await producer.send(chunk);
}

export function chunkBySize(records: readonly OutgoingRecord[], maxBytes: number): OutgoingRecord[][] {
  const chunks: OutgoingRecord[][] = [];
  let current: OutgoingRecord[] = [];
  let currentBytes = 0;
  for (const record of records) {
    const value = jsonTextOf(record.value);
    const bytes = Buffer.byteLength(value, 'utf8') + Buffer.byteLength(record.key ?? '', 'utf8') + 64;
    if (current.length > 0 && currentBytes + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push({ ...record, value });
    currentBytes += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
