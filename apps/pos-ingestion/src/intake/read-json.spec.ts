import type { RawRecord } from '@ledgerline/messaging';
import { readJson } from './kafka-intake.service';

const record = (value: Buffer | null): RawRecord => ({ topic: 't', partition: 0, offset: '7', key: 'S1', value, headers: {}, timestamp: '0' });

describe('readJson (raw POS records)', () => {
  it('refuses a value that gives a key twice, naming it', () => {
    expect(readJson(record(Buffer.from('{"storeId":"S1","lines":[{"sku":"A","sku":"B"}]}')))).toMatchObject({
      ok: false,
      reasonCode: 'INTAKE.DUPLICATE_KEY',
      errors: [{ path: 'lines[0].sku' }],
    });
  });

  it('reads JSON and keeps the original bytes for a dead letter', () => {
    const bytes = Buffer.from('{ "transactionId" : "T1" }');
    const result = readJson(record(bytes));
    expect(result.ok && result.value.parsed).toEqual({ transactionId: 'T1' });
    expect(result.ok && result.value.bytes).toBe(bytes);
    expect(result.ok && JSON.stringify(result.value)).toBe('{"transactionId":"T1"}');
  });

  it.each([
    ['no value', null, 'INTAKE.EMPTY_RECORD'],
    ['an empty value', Buffer.alloc(0), 'INTAKE.EMPTY_RECORD'],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), 'INTAKE.INVALID_ENCODING'],
    ['truncated JSON', Buffer.from('{"transactionId":'), 'INTAKE.MALFORMED_JSON'],
  ])('refuses %s with a reason code', (_case, value, reasonCode) => {
    expect(readJson(record(value))).toMatchObject({ ok: false, reasonCode, errors: [] });
  });
});
