// Talks to pos-ingestion as tills and a store administrator would: creates stores and one API
// key per terminal through the admin API, then posts transactions one at a time or as an offline
// batch. Honours 429 Retry-After and retries network failures and 5xx like a till (the retry of a
// request that did arrive is then answered as a duplicate).
import type { PosTransactionV1 } from '@ledgerline/contracts';
import { retryAfterMs } from './retry-after';

export type SubmissionOutcome = 'accepted' | 'duplicate' | 'conflict' | 'rejected' | 'failed';

export interface OutcomeCounts {
  accepted: number;
  duplicate: number;
  conflict: number;
  rejected: number;
  failed: number;
  /** 429 answers received (each was waited out and retried). */
  throttled: number;
}

export interface ClientOptions {
  readonly baseUrl: string;
  readonly maxAttempts?: number;
  readonly requestTimeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called with the reason of each rejection, for the operator's eyes. */
  readonly onRejected?: (transactionId: string, reason: string) => void;
}

export class PosIngestionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PosIngestionError';
  }
}

export const emptyCounts = (): OutcomeCounts => ({ accepted: 0, duplicate: 0, conflict: 0, rejected: 0, failed: 0, throttled: 0 });

export class PosIngestionClient {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;

  constructor(private readonly options: ClientOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxAttempts = options.maxAttempts ?? 6;
  }

  async createStore(adminKey: string, storeId: string, name: string): Promise<void> {
    const response = await this.request('POST', '/v1/admin/stores', adminKey, { storeId, name });
    if (!response.ok) throw await this.adminFailure(response, `create store ${storeId}`);
  }

  async issueTerminalKey(adminKey: string, storeId: string, terminalId: string): Promise<string> {
    const response = await this.request('POST', '/v1/admin/api-keys', adminKey, { storeId, terminalId, label: `pos-simulator ${storeId}/${terminalId}` });
    if (!response.ok) throw await this.adminFailure(response, `issue an API key for ${storeId}/${terminalId}`);
    const body = (await response.json()) as { apiKey?: unknown };
    if (typeof body.apiKey !== 'string') throw new PosIngestionError('SIMULATOR.BAD_ADMIN_ANSWER', 'pos-ingestion answered an API key request without apiKey');
    return body.apiKey;
  }

  /** Waits until pos-ingestion answers at all (it may still be starting). */
  async waitUntilReachable(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (signal?.aborted) throw new PosIngestionError('SIMULATOR.STOPPED', 'stopped while waiting for pos-ingestion');
      try {
        await fetch(new URL('/health/live', this.options.baseUrl), { signal: AbortSignal.timeout(2_000) });
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new PosIngestionError('SIMULATOR.INGESTION_UNREACHABLE', `pos-ingestion at ${this.options.baseUrl} did not answer within ${timeoutMs} ms (${describe(error)})`);
        }
        await this.sleep(1_000);
      }
    }
  }

  async postTransaction(apiKey: string, transaction: PosTransactionV1): Promise<OutcomeCounts> {
    const counts = emptyCounts();
    const response = await this.sendWithRetries('/v1/transactions', apiKey, transaction, counts);
    if (!response) {
      counts.failed += 1;
      return counts;
    }
    const body = (await response.json().catch(() => ({}))) as { status?: string; message?: string; code?: string };
    if (response.status === 202 || response.status === 200) {
      if (body.status === 'duplicate') counts.duplicate += 1;
      else counts.accepted += 1;
    } else if (response.status === 409) {
      counts.conflict += 1;
    } else {
      counts.rejected += 1;
      this.options.onRejected?.(transaction.transactionId, `${response.status} ${body.code ?? ''} ${body.message ?? ''}`.trim());
    }
    return counts;
  }

  async postBatch(apiKey: string, transactions: readonly PosTransactionV1[]): Promise<OutcomeCounts> {
    const counts = emptyCounts();
    const response = await this.sendWithRetries('/v1/transactions/batch', apiKey, { transactions }, counts);
    if (!response || !response.ok) {
      if (response) this.options.onRejected?.(`batch of ${transactions.length}`, `${response.status} ${await response.text().catch(() => '')}`);
      counts.failed += transactions.length;
      return counts;
    }
    const body = (await response.json()) as { results?: Array<{ status: string; transactionId?: string; errors?: Array<{ message: string }> }> };
    for (const result of body.results ?? []) {
      if (result.status === 'accepted') counts.accepted += 1;
      else if (result.status === 'duplicate') counts.duplicate += 1;
      else if (result.status === 'conflict') counts.conflict += 1;
      else {
        counts.rejected += 1;
        this.options.onRejected?.(result.transactionId ?? '?', (result.errors ?? []).map((error) => error.message).join('; '));
      }
    }
    return counts;
  }

  private async sendWithRetries(path: string, apiKey: string, body: unknown, counts: OutcomeCounts): Promise<Response | undefined> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      let response: Response;
      try {
        response = await this.request('POST', path, apiKey, body);
      } catch {
        await this.sleep(250 * 2 ** (attempt - 1));
        continue;
      }
      if (response.status === 429) {
        counts.throttled += 1;
        await response.arrayBuffer().catch(() => undefined);
        await this.sleep(retryAfterMs(response.headers.get('retry-after')));
        continue;
      }
      if (response.status >= 500) {
        await response.arrayBuffer().catch(() => undefined);
        await this.sleep(250 * 2 ** (attempt - 1));
        continue;
      }
      return response;
    }
    return undefined;
  }

  private request(method: string, path: string, bearer: string, body: unknown): Promise<Response> {
    return fetch(new URL(path, this.options.baseUrl), {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
    });
  }

  private async adminFailure(response: Response, what: string): Promise<PosIngestionError> {
    const text = await response.text().catch(() => '');
    const hint = response.status === 401 || response.status === 403 ? ' (check ADMIN_API_KEY: it must equal pos-ingestion\'s)' : '';
    return new PosIngestionError('SIMULATOR.ADMIN_REQUEST_FAILED', `could not ${what}: HTTP ${response.status}${hint} ${text.slice(0, 300)}`);
  }
}

export function addCounts(into: OutcomeCounts, from: OutcomeCounts): void {
  into.accepted += from.accepted;
  into.duplicate += from.duplicate;
  into.conflict += from.conflict;
  into.rejected += from.rejected;
  into.failed += from.failed;
  into.throttled += from.throttled;
}

function describe(error: unknown): string {
  if (error instanceof Error) return (error.cause instanceof Error ? error.cause.message : undefined) ?? error.message;
  return String(error);
}
