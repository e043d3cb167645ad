// The bench acting as an operator (stores and credentials) and as the tills (batches of
// transactions) against pos-ingestion's HTTP API.
import type { PosRequest } from '../workload/pos-workload';

export interface BatchAnswer {
  results: Array<{ index: number; transactionId?: string; status: string; errors?: unknown[] }>;
  accepted: number;
  duplicates: number;
  conflicts: number;
  rejected: number;
}

export class PosClient {
  private readonly apiKeys = new Map<string, string>();

  constructor(
    private readonly url: string,
    private readonly adminApiKey: string,
  ) {}

  async registerStore(storeId: string): Promise<void> {
    await this.call('/v1/admin/stores', { storeId, name: `Bench store ${storeId}` }, this.adminApiKey, [201, 200, 409]);
    const issued = (await this.call('/v1/admin/api-keys', { storeId, label: 'bench' }, this.adminApiKey, [201])) as { apiKey: string };
    this.apiKeys.set(storeId, issued.apiKey);
  }

  async postBatch(request: PosRequest): Promise<BatchAnswer> {
    const apiKey = this.apiKeys.get(request.storeId);
    if (!apiKey) throw new Error(`no credential for store ${request.storeId}`);
    return (await this.call('/v1/transactions/batch', { transactions: request.transactions }, apiKey, [200])) as BatchAnswer;
  }

  private async call(path: string, body: unknown, bearer: string, expected: number[]): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : {};
  }
}
