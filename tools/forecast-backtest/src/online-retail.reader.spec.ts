import { parseCsv } from './csv-record.parser';
import { ONLINE_RETAIL_COLUMNS, OnlineRetailAccumulator } from './online-retail.reader';

const HEADER = ONLINE_RETAIL_COLUMNS.join(',');

function accumulate(lines: string[]): OnlineRetailAccumulator {
  const accumulator = new OnlineRetailAccumulator();
  for (const record of parseCsv([HEADER, ...lines].join('\n'))) accumulator.accept(record);
  return accumulator;
}

describe('OnlineRetailAccumulator', () => {
  it('aggregates sales net of returns per stock code and day, and counts lines by kind', () => {
    const accumulator = accumulate([
      '536365,85123a,"HOLDER, WHITE",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
      '536366,85123A,HOLDER,4,2010-12-02 09:00:00,2.55,17850.0,United Kingdom',
      'C536367,85123A,HOLDER,-1,2010-12-02 10:00:00,2.55,17850.0,United Kingdom',
      '536368,POST,POSTAGE,1,2010-12-03 10:00:00,18,12583.0,France',
      '536369,22139,RETROSPOT,-12,2010-12-03 11:00:00,0,,United Kingdom',
    ]);
    const { series, summary } = accumulator.result();
    expect(series).toHaveLength(1);
    expect(series[0].id).toBe('85123A');
    // 12-01: 6; 12-02: 4 - 1 = 3; 12-03: postage and a write-off only (a trading day, no demand).
    expect(Array.from(series[0].values)).toEqual([6, 3, 0]);
    expect(Array.from(series[0].closed)).toEqual([0, 0, 0]);
    expect(summary.lines).toBe(5);
    expect(summary.linesByKind).toEqual({ sale: 2, return: 1, 'stock-adjustment': 1, 'non-stock': 1, 'bad-debt': 0 });
  });

  it('refuses an unexpected header, a short record or a non-numeric quantity', () => {
    const bad = new OnlineRetailAccumulator();
    expect(() => bad.accept(['InvoiceNo', 'Sku'])).toThrow('DATA.UNEXPECTED_HEADER');
    expect(() => accumulate(['536365,85123A,HOLDER,6'])).toThrow('DATA.BAD_RECORD: line 2 has 4 fields');
    expect(() => accumulate(['536365,85123A,HOLDER,six,2010-12-01 08:26:00,2.55,17850.0,United Kingdom'])).toThrow('DATA.BAD_NUMBER');
  });
});
