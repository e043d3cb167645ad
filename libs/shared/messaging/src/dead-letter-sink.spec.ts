import { buildDeadLetter } from './dead-letter-sink';

const failure = { reasonCode: 'INTAKE.MALFORMED_JSON', reason: 'Unexpected token', errors: [], attempts: 1 };

describe('buildDeadLetter', () => {
  it('keeps a text payload as text with its position, headers and reason', () => {
    const deadLetter = buildDeadLetter(
      { topic: 'pos.transactions.raw.v1', partition: 2, offset: '41', key: 'S1', value: Buffer.from('{"oops"'), headers: { 'x-api-key': 'k' }, timestamp: '0' },
      failure,
      'pos-ingestion',
      new Date('2026-01-02T03:04:05Z'),
    );
    expect(deadLetter).toMatchObject({
      originalTopic: 'pos.transactions.raw.v1',
      originalPartition: 2,
      originalOffset: '41',
      originalKey: 'S1',
      originalValue: '{"oops"',
      originalValueEncoding: 'utf8',
      reasonCode: 'INTAKE.MALFORMED_JSON',
      failedAt: '2026-01-02T03:04:05.000Z',
      service: 'pos-ingestion',
    });
  });

  it('keeps bytes that are not UTF-8 as base64, so nothing is lost', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    const deadLetter = buildDeadLetter({ topic: 't', partition: 0, offset: '0', key: null, value: bytes, headers: {}, timestamp: '0' }, failure, 'svc');
    expect(deadLetter.originalValueEncoding).toBe('base64');
    expect(Buffer.from(deadLetter.originalValue, 'base64')).toEqual(bytes);
  });
});
