import { parseCsvLine } from './csv-line.parser';

describe('parseCsvLine', () => {
  it('splits plain fields and keeps empty ones', () => {
    expect(parseCsvLine('536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,,United Kingdom')).toEqual([
      '536365', '85123A', 'WHITE HANGING HEART', '6', '2010-12-01 08:26:00', '2.55', '', 'United Kingdom',
    ]);
  });

  it('keeps commas and doubled quotes inside quoted fields', () => {
    expect(parseCsvLine('536381,82567,"AIRLINE LOUNGE,METAL SIGN",2')).toEqual(['536381', '82567', 'AIRLINE LOUNGE,METAL SIGN', '2']);
    expect(parseCsvLine('536477,22041,"RECORD FRAME 7"" SINGLE SIZE ",48')).toEqual(['536477', '22041', 'RECORD FRAME 7" SINGLE SIZE ', '48']);
  });

  it('drops a trailing carriage return and refuses an unterminated quote', () => {
    expect(parseCsvLine('a,b\r')).toEqual(['a', 'b']);
    expect(() => parseCsvLine('a,"b')).toThrow(/UNTERMINATED_QUOTE/);
  });
});
