import { HttpException } from '@nestjs/common';
import { optionalText, requiredText } from './operator-input';

describe('operator input', () => {
  const refusal = (body: unknown, field: string, required = true) => {
    try {
      if (required) requiredText(body, field, 20);
      else optionalText(body, field, 20);
    } catch (error) {
      return error instanceof HttpException ? { status: error.getStatus(), body: error.getResponse() } : error;
    }
    return undefined;
  };

  it('takes trimmed printable text, and nothing for an optional field left out', () => {
    expect(requiredText({ by: '  Ana  ' }, 'by', 20)).toBe('Ana');
    expect(optionalText({}, 'note', 20)).toBeUndefined();
  });

  it('refuses a missing, blank, too long or control-character text with a 422 naming the field', () => {
    expect(refusal({}, 'by')).toMatchObject({ status: 422, body: { code: 'DASHBOARD.INVALID_REQUEST', errors: [{ path: 'by', message: 'by is required: a non-empty text' }] } });
    expect(refusal({ note: '   ' }, 'note', false)).toMatchObject({ status: 422, body: { errors: [{ path: 'note' }] } });
    expect(refusal({ reason: 'x'.repeat(21) }, 'reason')).toMatchObject({ status: 422, body: { message: 'reason is longer than 20 characters' } });
    expect(refusal({ by: 'A\u0007na' }, 'by')).toMatchObject({ status: 422, body: { message: 'by holds control characters' } });
    expect(refusal('not an object', 'by')).toMatchObject({ status: 422 });
  });
});
