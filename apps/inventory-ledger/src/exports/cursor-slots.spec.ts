import { ServiceUnavailableException } from '@nestjs/common';
import { CursorSlots } from './cursor-slots';

describe('CursorSlots', () => {
  it('refuses past the limit and takes again once a slot is given back, once', () => {
    const slots = new CursorSlots(2);
    const first = slots.take();
    slots.take();
    expect(() => slots.take()).toThrow(ServiceUnavailableException);
    first();
    first();
    const third = slots.take();
    expect(() => slots.take()).toThrow(ServiceUnavailableException);
    third();
    expect(() => slots.take()).not.toThrow();
  });

  it('names the code in the refusal', () => {
    const slots = new CursorSlots(0);
    expect(() => slots.take()).toThrow(expect.objectContaining({ response: expect.objectContaining({ code: 'LEDGER.EXPORTS_BUSY' }) }));
  });
});
