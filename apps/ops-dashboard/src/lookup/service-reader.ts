// Reads one JSON answer from a platform service with a deadline. The outcome says what happened
// in words a page can show: the answer, the service's own refusal (its status, code and message),
// or that the service could not be asked. Nothing here waits longer than the deadline.

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
    let response: Response;
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.credential) headers['authorization'] = `Bearer ${this.credential}`;
      response = await fetch(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { status: 'unavailable', message: timedOut ? `${this.name} did not answer within ${this.timeoutMs} ms` : `${this.name} cannot be reached (${causeOf(error)})` };
    }
    const text = await response.text().catch(() => '');
    const body = parseJson(text);
    if (response.ok && body !== undefined) return { status: 'ok', body: body as T };
    if (response.ok) return { status: 'unavailable', message: `${this.name} answered with something that is not JSON` };
    const refusal = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; message?: unknown };
    return {
      status: 'refused',
      httpStatus: response.status,
      code: typeof refusal.code === 'string' ? refusal.code : null,
      message: typeof refusal.message === 'string' ? refusal.message : `${this.name} answered ${response.status}`,
    };
  }
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
