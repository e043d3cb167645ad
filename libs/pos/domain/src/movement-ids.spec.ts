import fc from 'fast-check';
import { escapeSegment, longestMovementIdLength, posLineMovementIds, posMovementId, voidMovementId } from './movement-ids';

describe('posMovementId', () => {
  it('keeps the ids of stores and transactions without : or % exactly as before', () => {
    expect(posMovementId('S001', 'S001-T03-000418', 2)).toBe('pos:S001:S001-T03-000418:2');
    expect(voidMovementId(posMovementId('S001', 'S001-T03-000418', 1))).toBe('pos:S001:S001-T03-000418:1:void');
    expect(posMovementId('Store 7/B', 'T#1.2_x-y', 10)).toBe('pos:Store 7/B:T#1.2_x-y:10');
  });

  it('does not let store S transaction X:1 and store S:X transaction 1 collide', () => {
    const first = posMovementId('S', 'X:1', 1);
    const second = posMovementId('S:X', '1', 1);
    expect(first).toBe('pos:S:X%3A1:1');
    expect(second).toBe('pos:S%3AX:1:1');
    expect(first).not.toBe(second);
  });

  it('escapes the escape character, so an id that looks escaped stays distinct', () => {
    expect(posMovementId('S', 'X%3A1', 1)).toBe('pos:S:X%253A1:1');
    expect(posMovementId('S', 'X%3A1', 1)).not.toBe(posMovementId('S', 'X:1', 1));
  });

  it('gives distinct ids to distinct (store, transaction, line) triples (property)', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9:%]{1,8}$/);
    fc.assert(
      fc.property(id, id, fc.integer({ min: 1, max: 999 }), id, id, fc.integer({ min: 1, max: 999 }), (storeA, transactionA, lineA, storeB, transactionB, lineB) => {
        const same = storeA === storeB && transactionA === transactionB && lineA === lineB;
        expect(posMovementId(storeA, transactionA, lineA) === posMovementId(storeB, transactionB, lineB)).toBe(same);
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves segments without special characters unchanged (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ -$&-9;-~]{1,64}$/), (segment) => {
        expect(escapeSegment(segment)).toBe(segment);
      }),
    );
  });
});

describe('posLineMovementIds', () => {
  it('gives each line the id posMovementId gives it (property)', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9:%-]{1,12}$/);
    fc.assert(
      fc.property(id, id, fc.array(fc.integer({ min: 1, max: 100_000 }), { maxLength: 5 }), (storeId, transactionId, lineNumbers) => {
        const idOf = posLineMovementIds(storeId, transactionId);
        expect(lineNumbers.map(idOf)).toEqual(lineNumbers.map((lineNumber) => posMovementId(storeId, transactionId, lineNumber)));
      }),
    );
  });
});

describe('longestMovementIdLength', () => {
  it('is the length of the longest reversal id the lines give, 0 without lines (property)', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9:%-]{1,40}$/);
    fc.assert(
      fc.property(id, id, fc.array(fc.integer({ min: 1, max: 10_000_000 }), { maxLength: 6 }), (storeId, transactionId, lineNumbers) => {
        const lengths = lineNumbers.map((lineNumber) => voidMovementId(posMovementId(storeId, transactionId, lineNumber)).length);
        expect(longestMovementIdLength(storeId, transactionId, lineNumbers)).toBe(Math.max(0, ...lengths));
      }),
      { numRuns: 1_000 },
    );
  });
});
