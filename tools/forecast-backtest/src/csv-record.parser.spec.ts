import { CsvRecordParser, parseCsv } from './csv-record.parser';

describe('CSV parsing', () => {
  it('splits records and fields', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('handles quoted commas, doubled quotes and line breaks inside quotes', () => {
    expect(parseCsv('1,"SET OF 3, RED","say ""hi""","two\nlines",x')).toEqual([['1', 'SET OF 3, RED', 'say "hi"', 'two\nlines', 'x']]);
  });

  it('keeps empty fields, skips blank lines, accepts CRLF and a last record without newline', () => {
    expect(parseCsv('a,,c\r\n\r\n,b,\n1,2')).toEqual([
      ['a', '', 'c'],
      ['', 'b', ''],
      ['1', '2'],
    ]);
  });

  it('joins a record that straddles chunks, even between a quote and its double', () => {
    const parser = new CsvRecordParser();
    const records = [...parser.push('x,"a ""q'), ...parser.push('"" b",y\n1,'), ...parser.push('2\n'), ...parser.end()];
    expect(records).toEqual([
      ['x', 'a "q" b', 'y'],
      ['1', '2'],
    ]);
    const split = new CsvRecordParser();
    expect([...split.push('"ab"'), ...split.push('"c",d\n'), ...split.end()]).toEqual([['ab"c', 'd']]);
  });

  it('refuses input that ends inside a quoted field', () => {
    expect(() => parseCsv('a,"unterminated\n')).toThrow('CSV.UNTERMINATED_QUOTE');
  });
});
