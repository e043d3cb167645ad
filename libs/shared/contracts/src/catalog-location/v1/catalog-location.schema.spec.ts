import { catalogLocationV1Example, catalogLocationV1Schema } from '../../index';
import { expectRejectedAt, expectValid, without } from '../../test-support/contract-assertions';

const location = catalogLocationV1Example;

describe('catalog-location v1', () => {
  it('accepts the example, with or without a time zone', () => {
    expectValid(catalogLocationV1Schema, location);
    expectValid(catalogLocationV1Schema, without(location, 'timezone'));
    expectValid(catalogLocationV1Schema, { ...location, kind: 'warehouse', timezone: 'America/New_York' });
  });

  it('rejects unknown kinds and time zones', () => {
    expectRejectedAt(catalogLocationV1Schema, { ...location, kind: 'kiosk' }, ['kind']);
    const [error] = expectRejectedAt(catalogLocationV1Schema, { ...location, timezone: 'Mars/Olympus' }, ['timezone']);
    expect(error?.message).toBe('timezone must be an IANA time zone such as "Europe/Berlin"');
    expectRejectedAt(catalogLocationV1Schema, { ...location, name: '' }, ['name']);
  });
});
