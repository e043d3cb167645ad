import { chunkBySize } from './chunked-send';

describe('chunkBySize', () => {
  const record = (index: number, size: number) => ({ topic: 't', key: `k${index % 3}`, value: { index, padding: 'x'.repeat(size) } });

  it('keeps every record, in order, serialised once', () => {
    const records = Array.from({ length: 50 }, (_, index) => record(index, 100));
    const chunks = chunkBySize(records, 1_000);
    expect(chunks.length).toBeGreaterThan(1);
    const flattened = chunks.flat();
    expect(flattened.map((entry) => JSON.parse(entry.value as string).index)).toEqual(records.map((_, index) => index));
    expect(flattened.every((entry) => typeof entry.value === 'string')).toBe(true);
  });

  it('bounds each chunk, but never splits or drops a record larger than the bound', () => {
    const chunks = chunkBySize([record(0, 10), record(1, 5_000), record(2, 10)], 1_000);
    expect(chunks.map((chunk) => chunk.length)).toEqual([1, 1, 1]);
    const small = chunkBySize(Array.from({ length: 10 }, (_, index) => record(index, 10)), 10_000);
    expect(small).toHaveLength(1);
    expect(chunkBySize([], 1_000)).toEqual([]);
  });
});
