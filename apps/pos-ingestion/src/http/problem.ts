// One error body for every 4xx and 5xx of the service, so a POS developer parses one shape:
//   { status, code, message, errors: [{ path, code?, message }] }
// `code` is stable (AREA.REASON) and `errors` name each field and its reason.
import { HttpException, HttpStatus } from '@nestjs/common';
import type { IntakeError, IntakeErrorCode } from '../intake/intake-outcome';

export interface ProblemError {
  path: string;
  code?: string;
  message: string;
}

export interface Problem {
  status: number;
  code: string;
  message: string;
  errors: ProblemError[];
}

export function problem(status: number, code: string, message: string, errors: ProblemError[] = []): Problem {
  return { status, code, message, errors };
}

/** Thrown by handlers to answer with a problem body (and optional headers such as Retry-After). */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem, problem.status);
  }
}

const STATUS_BY_INTAKE_CODE: Record<IntakeErrorCode, number> = {
  'INTAKE.MALFORMED_JSON': HttpStatus.BAD_REQUEST,
  'INTAKE.VALIDATION_FAILED': HttpStatus.UNPROCESSABLE_ENTITY,
  'INTAKE.UNKNOWN_STORE': HttpStatus.UNPROCESSABLE_ENTITY,
  'INTAKE.EVENT_TIME_IN_FUTURE': HttpStatus.UNPROCESSABLE_ENTITY,
  'INTAKE.EVENT_TIME_TOO_OLD': HttpStatus.UNPROCESSABLE_ENTITY,
  'INTAKE.MOVEMENT_ID_TOO_LONG': HttpStatus.UNPROCESSABLE_ENTITY,
  'INTAKE.VOID_OF_VOID': HttpStatus.UNPROCESSABLE_ENTITY,
  'INTAKE.VOID_STORE_MISMATCH': HttpStatus.UNPROCESSABLE_ENTITY,
  'INTAKE.ALREADY_VOIDED': HttpStatus.UNPROCESSABLE_ENTITY,
  'INTAKE.STORE_MISMATCH': HttpStatus.FORBIDDEN,
  'INTAKE.TERMINAL_MISMATCH': HttpStatus.FORBIDDEN,
  'INTAKE.CONFLICT': HttpStatus.CONFLICT,
};

/** The answer to one refused transaction: the status of its most serious error, every error listed. */
export function intakeProblem(errors: readonly IntakeError[]): Problem {
  const statuses = errors.map((error) => STATUS_BY_INTAKE_CODE[error.code] ?? HttpStatus.UNPROCESSABLE_ENTITY);
  // Authorisation and conflicts outrank plain validation: fixing a field does not help a 403.
  const status = [HttpStatus.FORBIDDEN, HttpStatus.CONFLICT, HttpStatus.BAD_REQUEST].find((candidate) => statuses.includes(candidate)) ?? HttpStatus.UNPROCESSABLE_ENTITY;
  const leading = errors[statuses.indexOf(status)] ?? errors[0];
  const code = leading?.code ?? 'INTAKE.VALIDATION_FAILED';
  const first = leading?.message ?? 'the transaction is invalid';
  const message = errors.length === 1 ? first : `The transaction was refused: ${errors.length} problems, first: ${first}`;
  return problem(status, code, message, errors.map(({ path, code: errorCode, message: text }) => ({ path, code: errorCode, message: text })));
}

/** Errors thrown by express's body parser, which run before any route. */
interface BodyParserError {
  type: string;
  status?: number;
  limit?: number;
  length?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string' && 'status' in error;
}

/** Any error a request can end with, as a problem body. Unexpected errors say nothing about their cause. */
export function problemFromError(error: unknown): Problem {
  if (error instanceof ProblemException) return error.problem;
  // Before the body parser's own errors: a problem thrown while it reads (a key given twice) says more.
  if (error instanceof HttpException && isProblem(error.getResponse())) return error.getResponse() as Problem;
  if (isBodyParserError(error)) return bodyParserProblem(error);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    if (isProblem(response)) return response;
    // Nest turns the body parser's JSON SyntaxError into a bare BadRequestException with its message.
    if (status === HttpStatus.BAD_REQUEST && /JSON/.test(error.message)) return malformedJsonProblem(error.message);
    const message = typeof response === 'string' ? response : messageOf(response) ?? error.message;
    return problem(status, codeForStatus(status), message);
  }
  return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'HTTP.INTERNAL_ERROR', 'The request could not be processed; it is safe to retry it');
}

function bodyParserProblem(error: BodyParserError): Problem {
  switch (error.type) {
    case 'entity.parse.failed':
      return malformedJsonProblem();
    case 'entity.too.large':
      return problem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'HTTP.PAYLOAD_TOO_LARGE',
        `The request body is larger than the limit of ${error.limit ?? '?'} bytes: split the batch`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'HTTP.UNSUPPORTED_ENCODING', 'The request body must be UTF-8 JSON');
    default:
      return problem(error.status ?? HttpStatus.BAD_REQUEST, 'HTTP.BAD_REQUEST', 'The request body could not be read');
  }
}

function malformedJsonProblem(detail?: string): Problem {
  const message = `body is not valid JSON${detail ? `: ${detail}` : ''}`;
  return problem(HttpStatus.BAD_REQUEST, 'INTAKE.MALFORMED_JSON', `The request ${message}`, [{ path: '', code: 'INTAKE.MALFORMED_JSON', message }]);
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Problem>;
  return typeof candidate.status === 'number' && typeof candidate.code === 'string' && typeof candidate.message === 'string' && Array.isArray(candidate.errors);
}

function messageOf(response: object): string | undefined {
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return undefined;
}

function codeForStatus(status: number): string {
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return 'HTTP.NOT_FOUND';
    case HttpStatus.METHOD_NOT_ALLOWED:
      return 'HTTP.METHOD_NOT_ALLOWED';
    case HttpStatus.UNAUTHORIZED:
      return 'AUTH.UNAUTHORIZED';
    case HttpStatus.FORBIDDEN:
      return 'AUTH.FORBIDDEN';
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return 'HTTP.PAYLOAD_TOO_LARGE';
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return 'HTTP.UNSUPPORTED_MEDIA_TYPE';
    default:
      return status >= 500 ? 'HTTP.INTERNAL_ERROR' : 'HTTP.BAD_REQUEST';
  }
}
