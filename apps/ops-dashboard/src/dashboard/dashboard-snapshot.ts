// What the page receives on every update: one self-contained picture of the platform.
import type { AlertV1, ReorderSuggestionV1 } from '@ledgerline/contracts';
import type { Acknowledgement } from '../alerts/alert-acknowledgement';
import type { GroupLag } from '../aggregation/consumer-lag';
import type { DriftAudit, DriftKey, RejectionRow, ServiceStatus } from '../aggregation/service-health';
import type { StockSummary } from '../aggregation/stock-board';
import type { Point } from '../aggregation/time-series';

export interface ServiceHealthView {
  readonly name: string;
  readonly url: string;
  readonly status: ServiceStatus;
  readonly detail: string | null;
  readonly checkedAt: string | null;
  /** Messages its consumers processed per second and events it published per second, from its /metrics. */
  readonly consumedPerSecond: number | null;
  readonly publishedPerSecond: number | null;
}

export interface TopicFlowView {
  readonly topic: string;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  readonly eventsPerSecond: number | null;
  readonly total: number | null;
  readonly series: readonly Point[];
}

export interface DashboardSnapshot {
  readonly generatedAt: string;
  readonly refreshIntervalMs: number;
  readonly historySeconds: number;
  readonly kafka: { readonly status: ServiceStatus; readonly detail: string | null };
  readonly services: readonly ServiceHealthView[];
  readonly throughput: { readonly totalPerSecond: number | null; readonly topics: readonly TopicFlowView[] };
  readonly lag: { readonly total: number; readonly groups: ReadonlyArray<GroupLag & { readonly series: readonly Point[] }> };
  readonly stock: StockSummary;
  readonly alerts: { readonly total: number; readonly byType: ReadonlyArray<{ category: string; count: number }>; readonly recent: ReadonlyArray<AlertV1 & { readonly acknowledgement: Acknowledgement | null }> };
  readonly suggestions: { readonly open: number; readonly recent: readonly ReorderSuggestionV1[] };
  readonly rejections: { readonly status: 'ok' | 'unavailable' | 'not-configured'; readonly detail: string | null; readonly recent: readonly RejectionRow[] };
  readonly drift: {
    readonly status: 'ok' | 'drift' | 'unknown';
    readonly keys: readonly DriftKey[];
    readonly detail: string | null;
    readonly checkedAt: string | null;
    /** The ledger's continuous audit: pass progress, last full pass, open mismatches. */
    readonly audit: DriftAudit | null;
  };
  /** Dead letters neither replayed nor discarded, per owning service and reason code. */
  readonly deadLetters: { readonly open: number; readonly byReason: ReadonlyArray<{ service: string; reasonCode: string; count: number }> };
  /** Records the dashboard has read from Kafka since it started, per topic (unprefixed name). */
  readonly eventsRead: { readonly total: number; readonly byTopic: Readonly<Record<string, number>> };
}
