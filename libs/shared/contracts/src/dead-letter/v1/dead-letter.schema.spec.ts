import { deadLetterV1Example, deadLetterV1Schema } from '../../index';
import { expectRejectedAt, expectValid } from '../../test-support/contract-assertions';

const deadLetter = deadLetterV1Example;

describe('dead-letter v1', () => {
  it('accepts the example, a record without key and a base64 value', () => {
    expectValid(deadLetterV1Schema, deadLetter);
    expectValid(deadLetterV1Schema, { ...deadLetter, originalKey: null, originalValue: '//79', originalValueEncoding: 'base64', errors: [] });
  });

  it('rejects malformed reason codes, offsets, encodings and headers', () => {
    expectRejectedAt(deadLetterV1Schema, { ...deadLetter, reasonCode: 'validation failed' }, ['reasonCode']);
    expectRejectedAt(deadLetterV1Schema, { ...deadLetter, reasonCode: 'INTAKE' }, ['reasonCode']);
    expectRejectedAt(deadLetterV1Schema, { ...deadLetter, originalOffset: 88121 }, ['originalOffset']);
    expectRejectedAt(deadLetterV1Schema, { ...deadLetter, originalOffset: '-1' }, ['originalOffset']);
    expectRejectedAt(deadLetterV1Schema, { ...deadLetter, originalValueEncoding: 'hex' }, ['originalValueEncoding']);
    expectRejectedAt(deadLetterV1Schema, { ...deadLetter, originalHeaders: { retries: 3 } }, ['originalHeaders.retries']);
    expectRejectedAt(deadLetterV1Schema, { ...deadLetter, originalTopic: 'bad topic' }, ['originalTopic']);
    expectRejectedAt(deadLetterV1Schema, { ...deadLetter, attempts: 0 }, ['attempts']);
    expectRejectedAt(deadLetterV1Schema, { ...deadLetter, errors: [{ path: 'x' }] }, ['errors[0].message']);
  });
});
