// Chooses a record's partition exactly as kafkajs's DefaultPartitioner (and the Java client's)
// does, so keys land where every other producer of the topic puts them: an explicit partition
// wins; a key goes to murmur2(utf-8 bytes of the key), made positive, modulo the partition count;
// a record without either goes round robin over partitions that have a leader.
//
// kafkajs computes murmur2 with 64-bit Long objects, several allocations per four bytes of key;
// in the ledger's outbox relay that was the costliest step of a send after serialisation. Here it
// is 32-bit integer arithmetic (Math.imul) over the key's bytes, with no allocation for ASCII keys.
import type { ICustomPartitioner, PartitionerArgs } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** The Java client's murmur2 of the first `length` bytes, as a signed 32-bit integer. */
export function murmur2(data: ArrayLike<number>, length = data.length): number {
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = ((data[i] ?? 0) & 0xff) | (((data[i + 1] ?? 0) & 0xff) << 8) | (((data[i + 2] ?? 0) & 0xff) << 16) | (((data[i + 3] ?? 0) & 0xff) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The last one to three bytes.
  const tail = length & 3;
  if (tail > 0) {
    if (tail === 3) h ^= ((data[whole + 2] ?? 0) & 0xff) << 16;
    if (tail >= 2) h ^= ((data[whole + 1] ?? 0) & 0xff) << 8;
    h ^= (data[whole] ?? 0) & 0xff;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Reused for ASCII keys (all of ours): their bytes are their char codes, no Buffer needed. */
let scratch = new Uint8Array(256);

/** murmur2 of the key's bytes as kafkajs sends them: a Buffer as is, a string as its UTF-8. */
export function murmur2OfKey(key: Buffer | string): number {
  if (typeof key !== 'string') return murmur2(key);
  if (key.length > scratch.length) scratch = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code > 0x7f) return murmur2(Buffer.from(key, 'utf8'));
    scratch[i] = code;
  }
  return murmur2(scratch, key.length);
}

const toPositive = (value: number) => value & 0x7fffffff;

export const keyHashPartitioner: ICustomPartitioner = () => {
  const roundRobin = new Map<string, number>();
  return ({ topic, partitionMetadata, message }: PartitionerArgs) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    const partitionCount = partitionMetadata.length;
    if (message.key !== null && message.key !== undefined) return toPositive(murmur2OfKey(message.key)) % partitionCount;
    const counter = (roundRobin.get(topic) ?? Math.floor(Math.random() * 0x7fffffff)) + 1;
    roundRobin.set(topic, counter);
    const available = partitionMetadata.filter((partition) => partition.leader >= 0);
    return available[toPositive(counter) % available.length]?.partitionId ?? toPositive(counter) % partitionCount;
  };
};
