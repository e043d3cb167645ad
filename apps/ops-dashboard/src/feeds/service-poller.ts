// Asks the services over HTTP what only they know: readiness (/health/ready), their counters
// and open dead letters by reason (/metrics), the ledger's drift audit and pos-ingestion's recent rejections. Every call has a
// timeout, and a service that does not answer is reported, never waited for.
import { describeError, driftFromResponse, healthFromError, healthFromResponse, rejectionFromIngestion, type DriftReading, type RejectionRow } from '../aggregation/service-health';
import { OPEN_DEAD_LETTERS_METRIC } from '@ledgerline/messaging';
import { sumMetric, sumMetricByLabel } from '@ledgerline/runtime';
import type { RejectionsReading, ServiceReading } from '../dashboard/dashboard-state';

export interface PolledService {
  readonly name: string;
  readonly url: string;
}

export interface ServicePollerOptions {
  readonly services: readonly PolledService[];
  readonly ledgerUrl: string;
  readonly ingestionUrl: string;
  /** Sent as the bearer credential of pos-ingestion's rejections (scope rejections:read). */
  readonly ingestionCredential: string | undefined;
  /** Sent as the bearer credential of the ledger's drift report (scope stock:read). */
  readonly ledgerCredential: string | undefined;
  readonly timeoutMs: number;
  readonly rejectionsLimit: number;
}

export class ServicePoller {
  constructor(private readonly options: ServicePollerOptions) {}

  pollServices(): Promise<ServiceReading[]> {
    return Promise.all(this.options.services.map((service) => this.pollService(service)));
  }

  async pollDrift(): Promise<DriftReading> {
    if (!this.options.ledgerCredential) return { status: 'unknown', keys: [], detail: 'INVENTORY_LEDGER_CREDENTIAL is not set, so the drift audit cannot be read', audit: null };
    try {
      const response = await this.get(this.options.ledgerUrl, '/v1/drift', bearer(this.options.ledgerCredential));
      return driftFromResponse(response.status, await response.json().catch(() => undefined));
    } catch (error) {
      return { status: 'unknown', keys: [], detail: `inventory-ledger: ${describeError(error)}`, audit: null };
    }
  }

  async pollRejections(): Promise<RejectionsReading> {
    if (!this.options.ingestionCredential) return { status: 'not-configured', detail: 'POS_INGESTION_CREDENTIAL is not set, so pos-ingestion\'s rejections cannot be read' };
    try {
      const response = await this.get(this.options.ingestionUrl, `/v1/admin/rejections?limit=${this.options.rejectionsLimit}`, bearer(this.options.ingestionCredential));
      if (!response.ok) return { status: 'unavailable', detail: `pos-ingestion answered HTTP ${response.status}` };
      const body: unknown = await response.json();
      const entries = Array.isArray(body) ? body : listIn(body);
      const rows = entries.map((entry, index) => rejectionFromIngestion(entry, index)).filter((row): row is RejectionRow => row !== undefined);
      return { status: 'ok', rows };
    } catch (error) {
      return { status: 'unavailable', detail: `pos-ingestion: ${describeError(error)}` };
    }
  }

  private async pollService(service: PolledService): Promise<ServiceReading> {
    const [health, metrics] = await Promise.all([
      this.get(service.url, '/health/ready').then(
        async (response) => healthFromResponse(response.status, await response.json().catch(() => undefined)),
        (error: unknown) => healthFromError(error),
      ),
      this.get(service.url, '/metrics').then(
        async (response) => (response.ok ? response.text() : undefined),
        () => undefined,
      ),
    ]);
    return {
      name: service.name,
      url: service.url,
      status: health.status,
      detail: health.detail,
      checkedAt: new Date().toISOString(),
      consumedTotal: sumMetric(metrics ?? '', 'ledgerline_messages_consumed_total'),
      publishedTotal: sumMetric(metrics ?? '', 'ledgerline_events_published_total'),
      openDeadLetters: metrics === undefined ? undefined : sumMetricByLabel(metrics, OPEN_DEAD_LETTERS_METRIC, 'reason_code'),
    };
  }

  private get(base: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(new URL(path, base), { headers, signal: AbortSignal.timeout(this.options.timeoutMs) });
  }
}

function listIn(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null) return [];
  for (const key of ['items', 'rejections', 'results']) {
    const value = (body as Record<string, unknown>)[key];
    if (Array.isArray(value)) return value;
  }
  return [];
}

function bearer(credential: string): Record<string, string> {
  return { authorization: `Bearer ${credential}` };
}
