import { MoneyError, parseMoney, isMoneyString } from './index';

describe('parseMoney', () => {
  it.each([
    ['12.34', 123_400n],
    ['12', 120_000n],
    ['0', 0n],
    ['-0', 0n],
    ['0.0001', 1n],
    ['-0.0001', -1n],
    ['-12.5', -125_000n],
    ['1.2345', 12_345n],
    ['007.50', 75_000n],
    ['999999999999999.9999', 9_999_999_999_999_999_999n],
    ['-999999999999999.9999', -9_999_999_999_999_999_999n],
  ])('reads %s as %s ten-thousandths', (text, expected) => {
    expect(parseMoney(text)).toBe(expected);
  });

  it.each([
    '',
    ' 1.00',
    '1.00 ',
    '+1.00',
    '1.',
    '.5',
    '1.23456',
    '1,00',
    '1e3',
    '0x10',
    '--1',
    '1.2.3',
    'NaN',
    '1000000000000000',
    '12 34',
  ])('rejects %j with MONEY.INVALID_FORMAT', (text) => {
    expect(errorOf(() => parseMoney(text))).toMatchObject({ code: 'MONEY.INVALID_FORMAT' });
    expect(errorOf(() => parseMoney(text))).toBeInstanceOf(MoneyError);
  });

  it('names the expected format and the offending value in the message', () => {
    expect(() => parseMoney('1.23456')).toThrow(/at most 4 fraction digits.*"1\.23456"/);
  });

  it('refuses non-string input coming from untyped JSON', () => {
    expect(() => parseMoney(12.34 as unknown as string)).toThrow(/value of type number/);
  });

  it('isMoneyString mirrors the wire pattern', () => {
    expect(isMoneyString('1.0000')).toBe(true);
    expect(isMoneyString('1.00000')).toBe(false);
    expect(isMoneyString(1)).toBe(false);
  });
});

function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}
