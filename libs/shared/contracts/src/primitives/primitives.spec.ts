import {
  currencySchema,
  identifierSchema,
  moneySchema,
  nonNegativeMoneySchema,
  positiveQuantitySchema,
  signedQuantitySchema,
  skuSchema,
  timestampSchema,
  MAX_MOVEMENT_QUANTITY,
  eventIdSchema,
} from '../index';
import { expectValid, rejectionsOf } from '../test-support/contract-assertions';

const messageFor = (schema: Parameters<typeof rejectionsOf>[0], value: unknown) =>
  rejectionsOf(schema, value).map((error) => error.message);

describe('skuSchema', () => {
  it.each(['COFFEE-1KG', 'A', '12345', 'ABC 12/500G', 'SHOE#42', 'x'.repeat(64), 'a.b_c-d:e+f'])('accepts %p', (sku) => {
    expect(expectValid(skuSchema, sku)).toBe(sku);
  });

  it.each([
    ['', 'value must not be empty'],
    ['x'.repeat(65), 'value must be at most 64 characters'],
    ['x'.repeat(200), 'value must be at most 64 characters'],
    ['ABC\u0000', 'value must not contain control characters'],
    ['AB\nC', 'value must not contain control characters'],
    ['AB\u0085C', 'value must not contain control characters'],
    [' ABC', 'value must not start or end with whitespace'],
    ['ABC ', 'value must not start or end with whitespace'],
    ['-ABC', 'value must start with a letter or digit and contain only letters, digits, spaces and . _ - / # + :'],
    ['AB@C', 'value must start with a letter or digit and contain only letters, digits, spaces and . _ - / # + :'],
    ['CAFÉ', 'value must start with a letter or digit and contain only letters, digits, spaces and . _ - / # + :'],
  ])('rejects %p with one specific reason', (sku, message) => {
    expect(messageFor(skuSchema, sku)).toEqual([message]);
  });

  it('rejects non-strings', () => {
    expect(messageFor(skuSchema, 42)).toEqual(['value must be a string, got a number']);
  });
});

describe('identifierSchema and eventIdSchema', () => {
  it('accepts printable ASCII with inner spaces, rejects other characters', () => {
    expectValid(identifierSchema, 'store 1@north/x');
    expect(messageFor(identifierSchema, 'caf\u00e9')).toEqual(['value may contain only printable ASCII characters']);
    expect(messageFor(identifierSchema, 'a\tb')).toEqual(['value must not contain control characters']);
  });

  it('lets event ids embed another id', () => {
    expectValid(eventIdSchema, `stock-changed:${'m'.repeat(64)}`);
    expect(messageFor(eventIdSchema, 'e'.repeat(257))).toEqual(['value must be at most 256 characters']);
  });
});

describe('timestampSchema', () => {
  it.each(['2025-03-01T10:30:00Z', '2025-03-01T10:30:00+01:00', '2025-03-01T10:30:00.123456-05:30', '2024-02-29T00:00:00Z'])(
    'accepts %p',
    (timestamp) => {
      expect(expectValid(timestampSchema, timestamp)).toBe(timestamp);
    },
  );

  it.each(['2025-03-01T10:30:00', '2025-03-01 10:30:00Z', '2025-03-01', '2025-02-30T00:00:00Z', '2025-03-01T25:00:00Z', '1740825000000', 'yesterday'])(
    'rejects %p, naming the expected form',
    (timestamp) => {
      expect(messageFor(timestampSchema, timestamp)).toEqual([
        expect.stringMatching(/^value must be an ISO-8601 timestamp with seconds and a UTC offset/),
      ]);
    },
  );

  it('rejects epoch numbers', () => {
    expect(messageFor(timestampSchema, 1740825000000)).toEqual(['value must be a string, got a number']);
  });
});

describe('money', () => {
  it.each(['0', '12', '12.3', '12.3456', '999999999999999.9999'])('accepts %p', (amount) => {
    expectValid(nonNegativeMoneySchema, amount);
    expectValid(moneySchema, `-${amount}`);
  });

  it.each(['12.34567', '1e3', '12,30', '.5', '5.', '+5', '1234567890123456', '', ' 1', 'NaN'])('rejects %p', (amount) => {
    expect(rejectionsOf(moneySchema, amount)).toHaveLength(1);
  });

  it('rejects negative prices and JSON numbers with a reason', () => {
    expect(messageFor(nonNegativeMoneySchema, '-1.00')).toEqual([
      'value must be a non-negative decimal string with up to 15 integer and 4 fraction digits, e.g. "12.3456"',
    ]);
    expect(messageFor(moneySchema, 12.5)).toEqual(['value must be a decimal string such as "12.3456", not a JSON number']);
  });
});

describe('quantities', () => {
  it('accepts integers in range', () => {
    expectValid(positiveQuantitySchema, 1);
    expectValid(positiveQuantitySchema, MAX_MOVEMENT_QUANTITY);
    expectValid(signedQuantitySchema, -Number.MAX_SAFE_INTEGER);
  });

  it.each([
    [0, 'value must be at least 1'],
    [-3, 'value must be at least 1'],
    [1.5, 'value must be an integer, not a fraction'],
    [MAX_MOVEMENT_QUANTITY + 1, `value must be at most ${MAX_MOVEMENT_QUANTITY}`],
    ['3', 'value must be a number, got a string'],
    [Number.POSITIVE_INFINITY, 'value must be a finite number'],
  ])('rejects %p', (quantity, message) => {
    expect(messageFor(positiveQuantitySchema, quantity)).toContain(message);
  });

  it('rejects integers beyond 2^53, which JSON.parse has already rounded', () => {
    const parsed: unknown = JSON.parse('9007199254740993');
    expect(messageFor(signedQuantitySchema, parsed)).toEqual([
      'value must be at most 9007199254740991: larger integers lose precision in JSON',
    ]);
  });
});

describe('currencySchema', () => {
  it('accepts upper-case three-letter codes only', () => {
    expectValid(currencySchema, 'EUR');
    for (const code of ['eur', 'EURO', 'E1R', '']) expect(rejectionsOf(currencySchema, code)).toHaveLength(1);
  });
});
