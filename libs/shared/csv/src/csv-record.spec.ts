import { CsvError } from './csv-error';
import { csvHeader, csvRecord, neutraliseFormula, type CsvColumn } from './csv-record';

interface Line {
  sku: string;
  note: string | null;
  quantity: number;
  value: string;
}

const columns: Array<CsvColumn<Line>> = [
  { header: 'sku', kind: 'text', value: (line) => line.sku },
  { header: 'note', kind: 'text', value: (line) => line.note },
  { header: 'quantity', kind: 'number', value: (line) => line.quantity },
  { header: 'value', kind: 'number', value: (line) => line.value },
];

const line = (overrides: Partial<Line>): Line => ({ sku: 'TEA', note: null, quantity: 1, value: '2.5000', ...overrides });

describe('csvRecord', () => {
  it('writes a header and plain records ending in CRLF', () => {
    expect(csvHeader(columns)).toBe('sku,note,quantity,value\r\n');
    expect(csvRecord(columns, line({}))).toBe('TEA,,1,2.5000\r\n');
  });

  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+SUM(A1:A9)', "'+SUM(A1:A9)"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['a=b', 'a=b'],
    ["'already", "'already"],
  ])('writes the text cell %j as %j, quote-prefixed only when a formula could start', (text, written) => {
    expect(neutraliseFormula(text)).toBe(written);
    expect(csvRecord(columns, line({ sku: text }))).toBe(`${written},,1,2.5000\r\n`);
  });

  it('neutralises a carriage return at the start and quotes the field because it holds one', () => {
    expect(csvRecord(columns, line({ note: '\r=1+1' }))).toBe(`TEA,"'\r=1+1",1,2.5000\r\n`);
  });

  it('keeps negative numbers as numbers in number columns', () => {
    expect(csvRecord(columns, line({ quantity: -5, value: '-12.3400' }))).toBe('TEA,,-5,-12.3400\r\n');
    expect(csvRecord([{ header: 'n', kind: 'number', value: () => -12n }], {})).toBe('-12\r\n');
  });

  it('refuses text in a number column instead of writing it', () => {
    expect(() => csvRecord(columns, line({ value: '=1+1' }))).toThrow(CsvError);
    expect(() => csvRecord(columns, line({ value: '1e5' }))).toThrow('CSV.NOT_A_NUMBER: column value');
    expect(() => csvRecord(columns, line({ quantity: Number.NaN }))).toThrow(CsvError);
    expect(() => csvRecord(columns, line({ quantity: 1e21 }))).toThrow(CsvError);
  });

  it('quotes fields with commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvRecord(columns, line({ note: 'a, b' }))).toBe('TEA,"a, b",1,2.5000\r\n');
    expect(csvRecord(columns, line({ note: 'say "hi"' }))).toBe('TEA,"say ""hi""",1,2.5000\r\n');
    expect(csvRecord(columns, line({ note: 'two\nlines' }))).toBe('TEA,"two\nlines",1,2.5000\r\n');
    expect(csvRecord(columns, line({ note: '=HYPERLINK("x")' }))).toBe(`TEA,"'=HYPERLINK(""x"")",1,2.5000\r\n`);
  });

  it('writes unicode text unchanged', () => {
    const text = 'Crème brûlée 茶 🍵';
    const record = csvRecord(columns, line({ note: text }));
    expect(record).toBe(`TEA,${text},1,2.5000\r\n`);
    expect(Buffer.from(record, 'utf8').toString('utf8')).toBe(record);
  });

  it('writes null and undefined as empty cells', () => {
    expect(csvRecord([{ header: 'a', kind: 'number', value: () => null }, { header: 'b', kind: 'text', value: () => undefined }], {})).toBe(',\r\n');
  });
});
