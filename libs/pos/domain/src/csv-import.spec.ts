import { checkCsvHeader, csvLineMovement, splitCsvLine, type CsvImportTarget } from './index';

const opening: CsvImportTarget = { kind: 'opening-stock', importId: 'OPEN-1', locationId: 'S1', occurredAt: '2026-12-01T06:00:00Z', system: 'ops' };
const sheet: CsvImportTarget = { ...opening, kind: 'count-sheet', importId: 'CNT-7' };

describe('splitCsvLine', () => {
  it('splits plain and quoted fields, with doubled quotes and a trailing CR', () => {
    expect(splitCsvLine('A,1,2.50\r')).toEqual(['A', '1', '2.50']);
    expect(splitCsvLine('"A,B","say ""hi""",')).toEqual(['A,B', 'say "hi"', '']);
    expect(splitCsvLine('"open,1')).toEqual({ error: 'a quoted field is not closed' });
    expect(splitCsvLine('"A"x,1')).toMatchObject({ error: expect.stringContaining('followed by') });
  });
});

describe('checkCsvHeader', () => {
  it('wants exactly the columns of the kind, in order (a UTF-8 BOM allowed)', () => {
    expect(checkCsvHeader('opening-stock', '\uFEFFsku,quantity,unitCost')).toBeNull();
    expect(checkCsvHeader('count-sheet', 'sku, countedQuantity\r')).toBeNull();
    expect(checkCsvHeader('count-sheet', 'sku,quantity')).toMatch(/must be exactly "sku,countedQuantity"/);
  });
});

describe('csvLineMovement', () => {
  it('makes a receipt at its cost of an opening-stock line, and a count of a count-sheet line, with ids from the upload and the SKU', () => {
    expect(csvLineMovement(opening, 2, 'COFFEE,12,4.2500')).toMatchObject({ movementId: 'opening:OPEN-1:COFFEE', kind: 'receipt', quantity: 12, unitCost: '4.2500', locationId: 'S1' });
    expect(csvLineMovement(sheet, 2, 'TEA,0')).toMatchObject({ movementId: 'count:CNT-7:TEA', kind: 'count', countId: 'CNT-7', countedQuantity: 0 });
  });

  it('names the line, the column and the reason of each error', () => {
    expect(csvLineMovement(opening, 5, 'COFFEE,0,4.25')).toEqual([expect.objectContaining({ line: 5, column: 'quantity', code: 'CSV.INVALID_VALUE' })]);
    expect(csvLineMovement(opening, 6, 'COFFEE,1.5,4.25')).toEqual([{ line: 6, column: 'quantity', code: 'CSV.INVALID_VALUE', message: 'quantity must be a whole number, it is "1.5"' }]);
    expect(csvLineMovement(opening, 7, 'COFFEE,3,-1')).toEqual([expect.objectContaining({ line: 7, column: 'unitCost' })]);
    expect(csvLineMovement(sheet, 8, 'TEA,-2')).toEqual([expect.objectContaining({ line: 8, column: 'countedQuantity' })]);
    expect(csvLineMovement(sheet, 9, 'TEA')).toEqual([expect.objectContaining({ line: 9, column: null, code: 'CSV.WRONG_FIELD_COUNT' })]);
    expect(csvLineMovement(sheet, 10, ',3')).toEqual(expect.arrayContaining([expect.objectContaining({ line: 10, column: 'sku' })]));
  });
});
