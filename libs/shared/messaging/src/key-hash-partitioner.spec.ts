import { Partitioners, type PartitionerArgs, type PartitionMetadata } from 'kafkajs';
import { keyHashPartitioner, murmur2, murmur2OfKey } from './key-hash-partitioner';

// kafkajs's own murmur2 (Long arithmetic), which matches the Java client's: the reference.
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: Buffer | string) => number;

function seededKeys(count: number): string[] {
  let state = 20261125;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-@_:./';
  return Array.from({ length: count }, () => {
    const length = next() % 48;
    let key = '';
    for (let i = 0; i < length; i++) key += alphabet[next() % alphabet.length];
    return key;
  });
}

const partitions = (count: number, withoutLeader: number[] = []): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: withoutLeader.includes(partitionId) ? -1 : 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
    offlineReplicas: [],
  }));

describe('murmur2', () => {
  it('equals kafkajs (and so the Java client) for every key length and byte', () => {
    for (const key of [...seededKeys(5_000), '', 'a', 'ab', 'abc', 'SKU-000123@STORE-0042']) {
      expect(murmur2OfKey(key)).toBe(kafkajsMurmur2(key));
    }
  });

  it('hashes non-ASCII keys by their UTF-8 bytes, as kafkajs does', () => {
    for (const key of ['café@Zürich', 'ラベル-1@店舗', 'emoji-😀@x', '\u0080', 'ß']) {
      expect(murmur2OfKey(key)).toBe(kafkajsMurmur2(key));
    }
  });

  it('hashes Buffer keys by their bytes, and a long key past the reused scratch space', () => {
    const long = 'K'.repeat(700) + '@L';
    expect(murmur2OfKey(long)).toBe(kafkajsMurmur2(long));
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253]);
    expect(murmur2OfKey(bytes)).toBe(kafkajsMurmur2(bytes));
    expect(murmur2(bytes.subarray(0, 5))).toBe(kafkajsMurmur2(bytes.subarray(0, 5)));
  });
});

describe('keyHashPartitioner', () => {
  const args = (message: PartitionerArgs['message'], metadata = partitions(6)): PartitionerArgs => ({ topic: 'stock-changed', partitionMetadata: metadata, message });

  it('puts every key on the partition kafkajs’s default partitioner chooses', () => {
    const ours = keyHashPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const count of [1, 3, 6, 12]) {
      for (const key of seededKeys(1_000)) {
        const message = { key, value: 'v' };
        expect(ours(args(message, partitions(count)))).toBe(theirs(args(message, partitions(count))));
      }
    }
  });

  it('keeps an explicit partition', () => {
    expect(keyHashPartitioner()(args({ key: 'SKU-1@LOC-1', value: 'v', partition: 4 }))).toBe(4);
  });

  it('spreads records without a key round robin over partitions that have a leader', () => {
    const partitioner = keyHashPartitioner();
    const chosen = Array.from({ length: 8 }, () => partitioner(args({ value: 'v' }, partitions(4, [1]))));
    expect(new Set(chosen)).toEqual(new Set([0, 2, 3]));
    for (let i = 1; i < chosen.length; i++) expect(chosen[i]).not.toBe(chosen[i - 1]);
  });
});
