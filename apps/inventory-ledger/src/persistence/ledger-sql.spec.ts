import { appliedIdCopyText, copyData, movementColumns, movementCopyLine, type MovementRow } from './ledger-sql';

/** Reads one line of COPY's text format back into its values (\N is NULL, escapes undone). */
function parseCopyLine(line: string): Array<string | null> {
  expect(line.endsWith('\n')).toBe(true);
  return line
    .slice(0, -1)
    .split('\t')
    .map((field) => (field === '\\N' ? null : field.replace(/\\(.)/g, (_, escaped: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[escaped] ?? escaped)));
}

const awkward = 'tab\there, line\nbreak, carriage\rreturn, back\\slash, a literal \\N, ünïcødé ✓';

const row = (overrides: Partial<MovementRow> = {}): MovementRow => ({
  movementSeq: 9_007_199_254_740,
  movementId: 'pos:S1:TX-1:1',
  kind: 'sale',
  sku: 'TEA',
  locationId: 'S1',
  quantityDelta: -3,
  inTransitDelta: 0,
  onOrderDelta: 0,
  valueDelta: -75_000n,
  inTransitValueDelta: 0n,
  costOfGoodsSold: 75_000n,
  balanceAfter: { sku: 'TEA', locationId: 'S1', onHand: 7, inTransit: 0, onOrder: 0, inventoryValue: 175_000n, inTransitValue: 0n, averageUnitCost: 25_000n, version: 2, lastCountAt: null, lastMovementAt: null },
  occurredAt: new Date(Date.UTC(2026, 10, 24, 9)).toISOString(),
  lastMovementAtAfter: new Date(Date.UTC(2026, 10, 24, 9)).toISOString(),
  postingDay: null,
  recordedAt: '2026-11-24T10:00:00.000Z',
  causedByMovementId: null,
  causeEventId: 'envelope-1',
  correlationId: 'basket-1',
  payload: { movementId: 'pos:S1:TX-1:1', attributes: { note: awkward } },
  ...overrides,
});

describe('movementCopyLine', () => {
  it.each([
    ['a plain sale', row()],
    ['text that COPY must escape, and NULLs', row({ movementId: 'odd\\id', causeEventId: null, correlationId: null, causedByMovementId: 'tab\tparent' })],
    ['a derived movement with negative money', row({ kind: 'adjustment', causedByMovementId: 'count-1', valueDelta: -1n, costOfGoodsSold: 0n, quantityDelta: 12 })],
  ])('holds exactly the columns the INSERT path writes, then the payload: %s', (_case, movement) => {
    const line = movementCopyLine(movement);
    expect(line.split('\n')).toHaveLength(2);
    expect(parseCopyLine(line)).toEqual([...movementColumns(movement), JSON.stringify(movement.payload)]);
  });
});

describe('copyData', () => {
  const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');

  it('holds every line in order, across buffers of about a megabyte, multi-byte characters whole', () => {
    const rows = Array.from({ length: 4_000 }, (_, index) => row({ movementSeq: index + 1, movementId: `pos:S1:TX-${index}:1` }));
    const chunks = copyData(rows);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.toString('utf8').endsWith('\n')).toBe(true);
    expect(text(chunks)).toBe(rows.map(movementCopyLine).join(''));
  });

  it('gives a line longer than a buffer one of its own', () => {
    const long = row({ movementId: 'long', payload: { note: 'ü'.repeat(700_000) } });
    const rows = [row(), long, row({ movementId: 'after' })];
    const chunks = copyData(rows);
    expect(chunks).toHaveLength(3);
    expect(text(chunks)).toBe(rows.map(movementCopyLine).join(''));
  });

  it('writes nothing for no rows', () => {
    expect(copyData([])).toEqual([]);
  });
});

describe('appliedIdCopyText', () => {
  it("writes each row's id, number and recorded time, with COPY's escapes in the id", () => {
    const rows = [row({ movementSeq: 41 }), row({ movementId: awkward, movementSeq: 42 })];
    const lines = appliedIdCopyText(rows).split(/(?<=\n)/);
    expect(lines.map(parseCopyLine)).toEqual([
      ['pos:S1:TX-1:1', '41', '2026-11-24T10:00:00.000Z'],
      [awkward, '42', '2026-11-24T10:00:00.000Z'],
    ]);
  });
});
