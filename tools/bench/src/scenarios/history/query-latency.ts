// Latency of every read endpoint of a running service on random keys of the loaded history: one
// request at a time (the time one caller waits, not a queue), each endpoint until it has had its
// number of requests or its time, whichever comes first.
import type { Figure } from '../../report/bench-report';
import { summariseLatencies } from '../../report/stats';
import type { Random } from '../../workload/seeded-random';
import type { HistoryKeys } from '../../workload/history-keys';
import { planQueries, type OpenApiDocument, type PlannedQuery, type QueryValues } from './query-endpoints';

const REQUEST_TIMEOUT_MS = 30_000;
const PERIOD_MS = 30 * 86_400_000;

export interface QueryBudget {
  requests: number;
  seconds: number;
}

/** `headers` carry the service's credential (a reader of every scope the service's reads need). */
export async function measureServiceQueries(service: { name: string; url: string }, keys: HistoryKeys, random: Random, budget: QueryBudget, headers: Record<string, string> = {}): Promise<Figure[]> {
  const document = (await (await fetch(new URL('/docs/openapi.json', service.url), { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })).json()) as OpenApiDocument;
  const { queries, unmeasured } = planQueries(service.url, document);
  const figures: Figure[] = [];
  for (const query of queries) {
    const measured = await measureQuery(service.name, query, () => queryValues(keys, random), budget, headers);
    if ('notMeasured' in measured) unmeasured.push(`${query.label} (${measured.notMeasured})`);
    else figures.push(...measured.figures);
  }
  if (unmeasured.length > 0) {
    figures.push({ measure: `${service.name}: endpoints not measured`, value: unmeasured.length, unit: '', note: unmeasured.join('; ') });
  }
  return figures;
}

function queryValues(keys: HistoryKeys, random: Random): QueryValues {
  const key = keys.randomKey(random);
  const from = keys.randomTime(random);
  return {
    sku: key.sku,
    locationId: key.locationId,
    time: new Date(keys.randomTime(random)).toISOString(),
    period: { from: new Date(from).toISOString(), to: new Date(from + PERIOD_MS).toISOString() },
  };
}

/** Figures, or why there are none: an event stream, or a request the service refuses every time (the bench cannot fill it). */
async function measureQuery(serviceName: string, query: PlannedQuery, values: () => QueryValues, budget: QueryBudget, headers: Record<string, string>): Promise<{ figures: Figure[] } | { notMeasured: string }> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const until = Date.now() + budget.seconds * 1000;
  while (latencies.length < budget.requests && (latencies.length === 0 || Date.now() < until)) {
    const started = process.hrtime.bigint();
    const outcome = await request(query.url(values()), headers);
    if (outcome === 'stream') return { notMeasured: 'an event stream' };
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (outcome !== 'ok') failures.set(outcome, (failures.get(outcome) ?? 0) + 1);
  }
  const [[onlyOutcome, times] = ['', 0]] = failures;
  if (failures.size === 1 && times === latencies.length && /^HTTP 4/.test(onlyOutcome)) return { notMeasured: `answered ${onlyOutcome} every time` };
  const summary = summariseLatencies(latencies);
  const failed = [...failures].map(([outcome, count]) => `${count} answered ${outcome}`).join(', ');
  const figures: Figure[] = [
    {
      measure: `${serviceName}: ${query.label} p50`,
      value: summary.p50,
      unit: 'ms',
      note: `${summary.count.toLocaleString('en-US')} requests one at a time${/[{?]/.test(query.label) ? ', parameters drawn from the loaded history' : ''}${failed ? `; ${failed}` : ''}`,
    },
    { measure: `${serviceName}: ${query.label} p99`, value: summary.p99, unit: 'ms', note: `max ${formatMs(summary.max)}` },
  ];
  return { figures };
}

/** 'ok', 'stream' for an event stream (never ends), or what went wrong. */
async function request(url: string, headers: Record<string, string>): Promise<string> {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      await response.body?.cancel();
      return 'stream';
    }
    await response.arrayBuffer();
    return response.ok ? 'ok' : `HTTP ${response.status}`;
  } catch (error) {
    return error instanceof Error && error.name === 'TimeoutError' ? `no answer in ${REQUEST_TIMEOUT_MS / 1000} s` : 'a connection error';
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
