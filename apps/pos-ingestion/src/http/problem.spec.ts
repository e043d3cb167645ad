import { BadRequestException, HttpStatus, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { ProblemException, intakeProblem, problem, problemFromError } from './problem';

describe('problem bodies', () => {
  it('answers a single validation error with 422, its code and message', () => {
    const errors = [{ code: 'INTAKE.VALIDATION_FAILED' as const, path: 'lines[0].quantity', message: 'lines[0].quantity must be at least 1' }];
    expect(intakeProblem(errors)).toEqual({
      status: 422,
      code: 'INTAKE.VALIDATION_FAILED',
      message: 'lines[0].quantity must be at least 1',
      errors: [{ path: 'lines[0].quantity', code: 'INTAKE.VALIDATION_FAILED', message: 'lines[0].quantity must be at least 1' }],
    });
  });

  it('lists every error and summarises them in the message', () => {
    const body = intakeProblem([
      { code: 'INTAKE.VALIDATION_FAILED', path: 'storeId', message: 'storeId is required' },
      { code: 'INTAKE.VALIDATION_FAILED', path: 'lines[1].sku', message: 'lines[1].sku must not be empty' },
    ]);
    expect(body.errors.map((error) => error.path)).toEqual(['storeId', 'lines[1].sku']);
    expect(body.message).toBe('The transaction was refused: 2 problems, first: storeId is required');
  });

  it.each([
    ['INTAKE.STORE_MISMATCH', HttpStatus.FORBIDDEN],
    ['INTAKE.TERMINAL_MISMATCH', HttpStatus.FORBIDDEN],
    ['INTAKE.CONFLICT', HttpStatus.CONFLICT],
    ['INTAKE.UNKNOWN_STORE', HttpStatus.UNPROCESSABLE_ENTITY],
    ['INTAKE.EVENT_TIME_IN_FUTURE', HttpStatus.UNPROCESSABLE_ENTITY],
    ['INTAKE.ALREADY_VOIDED', HttpStatus.UNPROCESSABLE_ENTITY],
  ] as const)('maps %s to %d', (code, status) => {
    expect(intakeProblem([{ code, path: 'storeId', message: 'storeId x' }])).toMatchObject({ status, code });
  });

  it('leads with the most serious error when several apply', () => {
    const body = intakeProblem([
      { code: 'INTAKE.EVENT_TIME_TOO_OLD', path: 'occurredAt', message: 'occurredAt is too old' },
      { code: 'INTAKE.TERMINAL_MISMATCH', path: 'terminalId', message: 'terminalId is T9' },
    ]);
    expect(body).toMatchObject({ status: 403, code: 'INTAKE.TERMINAL_MISMATCH' });
  });

  it('passes problem exceptions through unchanged', () => {
    const body = problem(429, 'AUTH.RATE_LIMITED', 'slow down');
    expect(problemFromError(new ProblemException(body, { 'Retry-After': '1' }))).toBe(body);
  });

  it("maps the body parser's errors: malformed JSON to 400, too large to 413", () => {
    expect(problemFromError(new BadRequestException('Unexpected end of JSON input'))).toMatchObject({
      status: 400,
      code: 'INTAKE.MALFORMED_JSON',
      errors: [{ path: '', code: 'INTAKE.MALFORMED_JSON', message: 'body is not valid JSON: Unexpected end of JSON input' }],
    });
    const tooLarge = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413, limit: 1024 });
    expect(problemFromError(tooLarge)).toMatchObject({ status: 413, code: 'HTTP.PAYLOAD_TOO_LARGE' });
    expect(problemFromError(new PayloadTooLargeException())).toMatchObject({ status: 413, code: 'HTTP.PAYLOAD_TOO_LARGE' });
  });

  it('maps other HTTP exceptions by status and hides the cause of unexpected errors', () => {
    expect(problemFromError(new NotFoundException('Cannot GET /x'))).toEqual({ status: 404, code: 'HTTP.NOT_FOUND', message: 'Cannot GET /x', errors: [] });
    const internal = problemFromError(new Error('connection to 10.0.0.5 refused'));
    expect(internal).toMatchObject({ status: 500, code: 'HTTP.INTERNAL_ERROR' });
    expect(internal.message).not.toContain('10.0.0.5');
  });
});
