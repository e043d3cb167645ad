// The little of express's request and response this service touches, typed through Node's own
// http types (the platform adapter is express; its type package is not a dependency).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Problem } from './problem';

export type HttpRequest = IncomingMessage;
export type HttpResponse = ServerResponse;
export type NextFunction = (error?: unknown) => void;

export function sendProblem(response: HttpResponse, body: Problem, headers: Record<string, string> = {}): void {
  response.statusCode = body.status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  response.end(JSON.stringify(body));
}
