// A till as pos-ingestion sees it: it posts each transaction and, on a connection error, a 5xx or
// a 429, posts the very same transaction again (same id, same body) until it gets an answer, as a
// real till with an offline queue does. Every attempt records the movement ids it carries as
// submitted; an answer 202 (accepted or duplicate) records the ids in the answer as acknowledged.
import type { PosReturnV1, PosSaleV1 } from '@ledgerline/contracts';
import type { MovementHistory } from '@ledgerline/history-checker';
import { seededRandom } from './movement-factory';
import { CHAOS_ADMIN_API_KEY } from './pos-ingestion-process';

export interface PostAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function postJson(url: string, body: unknown, bearer?: string, headers: Record<string, string> = {}): Promise<PostAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Registers the store and issues a key for it (optionally bound to one terminal). */
export async function issueKey(baseUrl: string, storeId: string, terminalId?: string): Promise<{ keyId: string; apiKey: string }> {
  await postJson(`${baseUrl}/v1/admin/stores`, { storeId }, CHAOS_ADMIN_API_KEY);
  const issued = await postJson(`${baseUrl}/v1/admin/api-keys`, { storeId, ...(terminalId ? { terminalId } : {}) }, CHAOS_ADMIN_API_KEY);
  if (issued.status !== 201) throw new Error(`could not issue a key for ${storeId}: ${issued.status} ${JSON.stringify(issued.body)}`);
  return { keyId: String(issued.body['keyId']), apiKey: String(issued.body['apiKey']) };
}

export function movementIdsOf(transaction: PosSaleV1 | PosReturnV1): string[] {
  return transaction.lines.map((line) => `pos:${transaction.storeId}:${transaction.transactionId}:${line.lineNumber}`);
}

/** A sale or return timed a minute ago, so the event-time rules pass. */
export function tillTransaction(storeId: string, transactionId: string, lines: Array<{ sku: string; quantity: number }>, type: 'sale' | 'return' = 'sale'): PosSaleV1 | PosReturnV1 {
  return {
    transactionId,
    storeId,
    terminalId: 'T01',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    type,
    currency: 'EUR',
    lines: lines.map((line, index) => ({ lineNumber: index + 1, sku: line.sku, quantity: line.quantity, unitPrice: '1.2500' })),
  };
}

export interface TillFigures {
  attempts: number;
  connectionErrors: number;
  serverErrors: number;
  rateLimited: number;
  /** Answers 'duplicate' to the till's own retry: the earlier attempt had gone through. */
  duplicateAnswers: number;
  accepted: number;
}

/** One attempt as the till saw it: how long the answer took and what it was (status 0: no answer). */
export interface TillAttempt {
  startedAt: number;
  ms: number;
  status: number;
  code?: string;
  retryAfter?: string;
}

export class Till {
  readonly figures: TillFigures = { attempts: 0, connectionErrors: 0, serverErrors: 0, rateLimited: 0, duplicateAnswers: 0, accepted: 0 };
  /** The last answer that was not 202, for a failure message. */
  lastRefusal = '';

  constructor(
    private readonly baseUrl: () => string,
    private readonly apiKey: string,
    private readonly history: MovementHistory,
    private readonly observe: (attempt: TillAttempt) => void = () => undefined,
  ) {}

  /** Posts until answered 202; returns the answer's status. Throws on any other 4xx: a till bug. */
  async postUntilAnswered(transaction: PosSaleV1 | PosReturnV1, deadlineMs = 120_000): Promise<'accepted' | 'duplicate'> {
    const ids = movementIdsOf(transaction);
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > deadline) throw new Error(`till gave up on ${transaction.transactionId} after ${attempt} attempts`);
      this.history.submitted(ids);
      this.figures.attempts += 1;
      let answer: PostAnswer;
      const startedAt = Date.now();
      try {
        answer = await postJson(`${this.baseUrl()}/v1/transactions`, transaction, this.apiKey);
      } catch (error) {
        this.observe({ startedAt, ms: Date.now() - startedAt, status: 0 });
        this.lastRefusal = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
        this.figures.connectionErrors += 1;
        await pause(100);
        continue;
      }
      const code = typeof answer.body['code'] === 'string' ? answer.body['code'] : undefined;
      this.observe({ startedAt, ms: Date.now() - startedAt, status: answer.status, code, retryAfter: answer.headers.get('retry-after') ?? undefined });
      if (answer.status === 202) {
        const status = answer.body['status'] as 'accepted' | 'duplicate';
        this.history.acknowledged(answer.body['movementIds'] as string[]);
        if (status === 'duplicate') this.figures.duplicateAnswers += 1;
        else this.figures.accepted += 1;
        return status;
      }
      this.lastRefusal = `${answer.status} ${JSON.stringify(answer.body)}`;
      if (answer.status >= 500) this.figures.serverErrors += 1;
      else if (answer.status === 429) this.figures.rateLimited += 1;
      else throw new Error(`${transaction.transactionId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      await pause(100);
    }
  }
}

export interface TillFleetOptions {
  tills: number;
  baseUrl: () => string;
  /** One key per store; till n posts for store n % stores.length with its key. */
  stores: ReadonlyArray<{ storeId: string; apiKey: string }>;
  history: MovementHistory;
  seed: number;
  /** Lines draw from SKU-0 .. SKU-(skus - 1). */
  skus: number;
  /** How long one transaction may take to be answered 202 before the till gives up. */
  deadlineMs: number;
  /** Rest between a till's transactions. */
  pauseMs?: number;
  observe?: (attempt: TillAttempt) => void;
}

/** Tills posting sales and a few returns without end, each retrying until answered, until stop(). */
export function startTillFleet(options: TillFleetOptions): { tills: Till[]; stop: () => Promise<void> } {
  const tills = Array.from({ length: options.tills }, (_, index) => new Till(options.baseUrl, options.stores[index % options.stores.length]!.apiKey, options.history, options.observe));
  let stopping = false;
  const loops = tills.map(async (till, index) => {
    const random = seededRandom(options.seed + index);
    const storeId = options.stores[index % options.stores.length]!.storeId;
    for (let sequence = 0; !stopping; sequence++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, line) => ({ sku: `SKU-${(sequence + line * 2) % options.skus}`, quantity: 1 + Math.floor(random() * 4) }));
      await till.postUntilAnswered(tillTransaction(storeId, `T${index}-${sequence}`, lines, random() < 0.15 ? 'return' : 'sale'), options.deadlineMs);
      if (options.pauseMs) await pause(options.pauseMs);
    }
  });
  return {
    tills,
    stop: async () => {
      stopping = true;
      await Promise.all(loops);
    },
  };
}

/** The status an endpoint answers, or null when it does not answer within 3 s. */
export async function statusOf(url: string): Promise<number | null> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3_000) })).status;
  } catch {
    return null;
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((settle) => setTimeout(settle, ms));
}

export function sumFigures(tills: readonly Till[]): TillFigures {
  const total: TillFigures = { attempts: 0, connectionErrors: 0, serverErrors: 0, rateLimited: 0, duplicateAnswers: 0, accepted: 0 };
  for (const till of tills) for (const key of Object.keys(total) as Array<keyof TillFigures>) total[key] += till.figures[key];
  return total;
}
