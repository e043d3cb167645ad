// Reads one JSON answer from a platform service with a deadline (or posts an action and reads its answer). The outcome says what happened
// in words a page can show: the answer, the service's own refusal (its status, code and message),
// or that the service could not be asked. Nothing here waits longer than the deadline.

import { HttpException, HttpStatus } from '@nestjs/common';

export type ServiceAnswer<T> =
  | { readonly status: 'ok'; readonly body: T }
  | { readonly status: 'refused'; readonly httpStatus: number; readonly code: string | null; readonly message: string }
  | { readonly status: 'unavailable'; readonly message: string };

export class ServiceReader {
  constructor(
    readonly name: string,
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    /** Sent as a bearer credential; the services refuse reads without one. */
    private readonly credential?: string,
  ) {}

  async get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<ServiceAnswer<T>> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    return this.send<T>('GET', url);
  }

  /** A JSON body posted to the service: an action, answered like a read. */
  post<T>(path: string, body: unknown): Promise<ServiceAnswer<T>> {
    return this.send<T>('POST', new URL(path, this.baseUrl), body);
  }

  private async send<T>(method: 'GET' | 'POST', url: URL, body?: unknown): Promise<ServiceAnswer<T>> {
    let response: Response;
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.credential) headers['authorization'] = `Bearer ${this.credential}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { status: 'unavailable', message: timedOut ? `${this.name} did not answer within ${this.timeoutMs} ms` : `${this.name} cannot be reached (${causeOf(error)})` };
    }
    const text = await response.text().catch(() => '');
    const answer = parseJson(text);
    if (response.ok && answer !== undefined) return { status: 'ok', body: answer as T };
    if (response.ok) return { status: 'unavailable', message: `${this.name} answered with something that is not JSON` };
    const refusal = (typeof answer === 'object' && answer !== null ? answer : {}) as { code?: unknown; message?: unknown };
    return {
      status: 'refused',
      httpStatus: response.status,
      code: typeof refusal.code === 'string' ? refusal.code : null,
      message: typeof refusal.message === 'string' ? refusal.message : `${this.name} answered ${response.status}`,
    };
  }
}

/** The answer's body, or an HTTP error carrying the service's refusal (its 4xx kept) or a 502/504 when it could not answer. */
export function required<T>(answer: ServiceAnswer<T>): T {
  if (answer.status === 'ok') return answer.body;
  if (answer.status === 'refused') {
    const status = answer.httpStatus >= 400 && answer.httpStatus < 500 ? answer.httpStatus : HttpStatus.BAD_GATEWAY;
    throw new HttpException({ code: answer.code ?? 'DASHBOARD.SERVICE_REFUSED', message: answer.message }, status);
  }
  throw new HttpException({ code: 'DASHBOARD.SERVICE_UNAVAILABLE', message: answer.message }, HttpStatus.BAD_GATEWAY);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error ? ((error as Error & { cause?: unknown }).cause ?? error) : error;
  if (cause instanceof Error) return (cause as Error & { code?: string }).code ?? cause.message;
  return String(cause);
}
