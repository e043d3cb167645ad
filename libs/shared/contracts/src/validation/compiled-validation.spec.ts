// validateContract runs zod's generated fast path (z.compile) in front of each schema's parser. A
// fast path that accepted what the parser refuses would let a bad record into the ledger, so
// these properties compare the two on the contracts' own examples mutated field by field: the
// same verdict, and the same value when both accept.
import fc from 'fast-check';
import type { z } from 'zod';
import { TOPICS, posTransactionBatchV1Schema, posTransactionV1Examples, posTransactionV1Schema, validateContract } from '../index';

type Path = ReadonlyArray<string | number>;

/** Every path into a JSON value: its objects, arrays and leaves. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  }
  return paths;
}

function leavesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(leavesOf);
  return [value];
}

type Mutation = { op: 'set'; value: unknown } | { op: 'delete' } | { op: 'add-key'; key: string; value: unknown };

/** A deep copy of `value` with one mutation at `path` (the root can only gain a key). */
function mutated(value: unknown, path: Path, mutation: Mutation): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(value));
  if (path.length === 0) {
    if (mutation.op === 'add-key' && typeof copy === 'object' && copy !== null) (copy as Record<string, unknown>)[mutation.key] = mutation.value;
    return mutation.op === 'set' ? mutation.value : copy;
  }
  let parent = copy as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (mutation.op === 'set') parent[last] = mutation.value;
  else if (mutation.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (typeof target === 'object' && target !== null && !Array.isArray(target)) (target as Record<string, unknown>)[mutation.key] = mutation.value;
  }
  return copy;
}

/** Values near the edges of the contracts' rules: types, lengths, whitespace, control characters, formats. */
const EDGE_VALUES: unknown[] = [
  null, true, false, 0, -0, 1, -1, 1.5, 2 ** 53, -(2 ** 53), 1_000_000_000, 1_000_000_001, -1_000_000_001,
  '', ' ', 'x', ' x', 'x ', 'a\tb', 'A\u0000B', 'é', '\u0085', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(256), 'x'.repeat(257),
  'S001', 'W01', 'sale', 'return', 'receipt', 'pos', 'erp', 'EUR', 'eur', '12.3456', '12.34567', '-12.3456', '1e3', '007',
  '2025-03-01T10:30:00Z', '2025-03-01T10:30:00+01:00', '2025-03-01T10:30', '2025-02-29T10:30:00Z', '2024-02-29T10:30:00Z',
  '2025-03-01T24:00:00Z', '2025-03-01T10:30:00.123456789-05:30', [], {}, ['x'], { system: 'erp' },
];

function expectSameVerdict(schema: z.ZodType, examples: readonly unknown[]): void {
  const cases = fc.constantFrom(...examples).chain((example) => {
    const paths = pathsOf(example);
    const replacements = [...EDGE_VALUES, ...leavesOf(example)];
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...replacements).map((value) => ({ op: 'set' as const, value })) },
      { weight: 1, arbitrary: fc.constant({ op: 'delete' as const }) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('extra', 'quantity', 'storeId', 'unitCost', '__proto__'), fc.constantFrom(...replacements)).map(([key, value]) => ({ op: 'add-key' as const, key, value })) },
    );
    return fc.tuple(fc.constant(example), fc.constantFrom(...paths), mutation, fc.boolean());
  });
  fc.assert(
    fc.property(cases, ([example, path, mutation, twice]) => {
      let input = mutated(example, path, mutation);
      // A second mutation elsewhere reaches combinations one alone cannot (two locations made equal).
      if (twice) input = mutated(input, pathsOf(input)[path.length % pathsOf(input).length] ?? [], mutation);
      const runtime = schema.safeParse(input);
      const compiled = validateContract(schema, input);
      expect(compiled.ok).toBe(runtime.success);
      if (compiled.ok && runtime.success) expect(compiled.value).toEqual(runtime.data);
    }),
    { numRuns: 1_500 },
  );
}

describe('validateContract with the compiled fast path', () => {
  it.each(Object.values(TOPICS).map((topic) => [topic.name, topic] as const))('agrees with the parser on mutated %s records', (_name, topic) => {
    expectSameVerdict(topic.valueSchema, topic.examples.map((example) => example.value));
  });

  it('agrees with the parser on mutated POS transactions and batches', () => {
    const transactions = Object.values(posTransactionV1Examples);
    expectSameVerdict(posTransactionV1Schema, transactions);
    expectSameVerdict(posTransactionBatchV1Schema, [{ transactions }, { transactions: transactions.slice(0, 1) }]);
  });

  it('still explains a rejected value with the parser\'s messages', () => {
    const [example] = TOPICS.inventoryMovements.examples;
    const input = mutated(example!.value, ['payload', 'quantity'], { op: 'set', value: 0 });
    expect(validateContract(TOPICS.inventoryMovements.valueSchema, input)).toEqual({
      ok: false,
      errors: [{ path: 'payload.quantity', message: expect.stringMatching(/^payload\.quantity must be/) }],
    });
  });
});
