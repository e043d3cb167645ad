import { DeferredJson, jsonTextOf } from './deferred-json';

describe('DeferredJson', () => {
  const event = { eventId: 'stock-changed:m1', onHand: 7 };
  const writes: unknown[] = [];
  const deferred = new DeferredJson(event, (source) => {
    writes.push(source);
    return `{"eventId":${JSON.stringify(source.eventId)},"onHand":${source.onHand}}`;
  });

  it('writes its text only when asked, from the source it holds', () => {
    expect(writes).toEqual([]);
    expect(jsonTextOf(deferred)).toBe('{"eventId":"stock-changed:m1","onHand":7}');
    expect(writes).toEqual([event]);
  });

  it('stays the same JSON inside a value that is stringified whole', () => {
    expect(JSON.stringify({ value: deferred })).toBe('{"value":{"eventId":"stock-changed:m1","onHand":7}}');
  });
});

describe('jsonTextOf', () => {
  it('passes text through, decodes buffers and stringifies the rest', () => {
    expect(jsonTextOf('{"a":1}')).toBe('{"a":1}');
    expect(jsonTextOf(Buffer.from('{"b":2}'))).toBe('{"b":2}');
    expect(jsonTextOf({ c: [3] })).toBe('{"c":[3]}');
  });
});
