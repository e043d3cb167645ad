// Answers every error with a problem body (see problem.ts), including the body parser's, and
// logs server errors with the request path but never its headers (they carry credentials).
import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { JsonLogger } from '@ledgerline/runtime';
import { sendProblem, type HttpRequest, type HttpResponse } from './http-types';
import { ProblemException, problemFromError } from './problem';

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new JsonLogger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<HttpResponse>();
    const request = http.getRequest<HttpRequest>();
    const body = problemFromError(error);
    if (body.status >= HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error('request failed', { method: request.method, path: request.url, error });
    }
    sendProblem(response, body, error instanceof ProblemException ? error.headers : {});
  }
}
