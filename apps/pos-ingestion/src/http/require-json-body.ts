// Shared by the JSON routes: without a JSON content type the body parser leaves the body unread.
import { HttpStatus } from '@nestjs/common';
import type { HttpRequest } from './http-types';
import { ProblemException, problem } from './problem';

/** Without a JSON content type the body parser leaves the body unread; say so rather than "body is required". */
export function requireJsonBody(request: HttpRequest): void {
  const contentType = request.headers['content-type'] ?? '';
  if (/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) return;
  throw new ProblemException(
    problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'HTTP.UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with Content-Type: application/json'),
  );
}
