// Everything the dashboard knows, updated from three sources (records consumed from Kafka, the
// broker's offsets, the services' HTTP answers) and turned into a snapshot on demand. Plain
// TypeScript: no Kafka or HTTP here, so it is tested directly with contract examples.
import type { z } from 'zod';
import { TOPICS, TOPIC_LIST, decodeEvent, type AlertV1, type ReorderSuggestionV1, type TopicDefinition, type TopicName } from '@ledgerline/contracts';
import { groupLag, recordsWritten, topicLag, type GroupLag, type PartitionEnds } from '../aggregation/consumer-lag';
import { RateBook } from '../aggregation/rate-tracker';
import { RecentEvents, countBy } from '../aggregation/recent-events';
import type { Acknowledgement } from '../alerts/alert-acknowledgement';
import { rejectionFromDeadLetter, type DriftReading, type RejectionRow, type ServiceStatus } from '../aggregation/service-health';
import { StockBoard } from '../aggregation/stock-board';
import { TimeSeries } from '../aggregation/time-series';
import type { DashboardSnapshot, ServiceHealthView } from './dashboard-snapshot';

export interface DashboardStateOptions {
  readonly refreshIntervalMs: number;
  readonly historySeconds: number;
  readonly topN: number;
  readonly recentEvents: number;
}

export interface BrokerReading {
  readonly time: number;
  readonly ok: boolean;
  readonly detail?: string;
  /** End offsets per watched topic (unprefixed name), for the topics that exist. */
  readonly ends: ReadonlyMap<string, readonly PartitionEnds[]>;
  /** Committed offsets per group and topic (unprefixed name). */
  readonly committed: ReadonlyArray<{ groupId: string; topics: ReadonlyArray<{ topic: string; partitions: ReadonlyArray<{ partition: number; offset: string }> }> }>;
}

export interface ServiceReading {
  readonly name: string;
  readonly url: string;
  readonly status: ServiceStatus;
  readonly detail?: string;
  readonly checkedAt: string;
  readonly consumedTotal?: number;
  readonly publishedTotal?: number;
  /** Open dead letters by reason code, from the service's /metrics (counted from its archive); undefined when unread. */
  readonly openDeadLetters?: ReadonlyMap<string, number>;
}

export type RejectionsReading = { status: 'ok'; rows: readonly RejectionRow[] } | { status: 'unavailable' | 'not-configured'; detail: string };

const HEALTH_SERVICES = ['pos-ingestion', 'inventory-ledger', 'reorder-forecasting'] as const;

export class DashboardState {
  readonly stock: StockBoard;
  private readonly alerts: RecentEvents<AlertV1>;
  private readonly alertCounts = new Map<string, number>();
  private readonly suggestions = new Map<string, ReorderSuggestionV1>();
  /** The open suggestions' view, made again only after a suggestion record arrived. */
  private suggestionRecords = 0;
  private suggestionsView: { records: number; view: DashboardSnapshot['suggestions'] } | undefined;
  private readonly deadLetters: RecentEvents<RejectionRow>;
  private ingestionRejections: RejectionRow[] = [];
  private rejectionsStatus: { status: 'ok' | 'unavailable' | 'not-configured'; detail: string | null } = { status: 'unavailable', detail: 'not polled yet' };
  private readonly topicRates: RateBook;
  private readonly serviceRates: RateBook;
  private readonly lagSeries = new Map<string, TimeSeries>();
  private lags: GroupLag[] = [];
  private kafka: { status: ServiceStatus; detail: string | null } = { status: 'unknown', detail: null };
  private readonly services = new Map<string, ServiceReading>();
  private drift: DashboardSnapshot['drift'] = { status: 'unknown', keys: [], detail: 'not checked yet', checkedAt: null, audit: null };
  private readonly eventsRead = new Map<string, number>();

  constructor(private readonly options: DashboardStateOptions) {
    const windowMs = options.historySeconds * 1000;
    this.stock = new StockBoard(options.topN);
    this.topicRates = new RateBook(windowMs);
    this.serviceRates = new RateBook(windowMs);
    this.alerts = new RecentEvents(options.recentEvents, (alert) => alert.alertId, (alert) => Date.parse(alert.raisedAt));
    this.deadLetters = new RecentEvents(options.recentEvents, (row) => row.id, (row) => Date.parse(row.time));
  }

  /** Applies one record read from a watched topic; returns false when it could not be read. */
  applyRecord(topic: TopicName, key: string | null, value: Buffer | null): boolean {
    this.eventsRead.set(topic, (this.eventsRead.get(topic) ?? 0) + 1);
    if (topic === TOPICS.reorderSuggestions.name) this.suggestionRecords++;
    if (value === null || value.length === 0) {
      if (key !== null && topic === TOPICS.stockLevels.name) this.stock.removeLevel(key);
      if (key !== null && topic === TOPICS.reorderSuggestions.name) this.suggestions.delete(key);
      return true;
    }
    switch (topic) {
      case TOPICS.stockLevels.name:
        return this.decoded(TOPICS.stockLevels, value, (event) => this.stock.applyLevel(event.payload));
      case TOPICS.catalogItems.name:
        return this.decoded(TOPICS.catalogItems, value, (event) => this.stock.applyItem(event.payload));
      case TOPICS.alerts.name:
        return this.decoded(TOPICS.alerts, value, (event) => {
          if (this.alerts.add(event.payload)) this.alertCounts.set(event.payload.type, (this.alertCounts.get(event.payload.type) ?? 0) + 1);
        });
      case TOPICS.reorderSuggestions.name:
        return this.decoded(TOPICS.reorderSuggestions, value, (event) => this.suggestions.set(`${event.payload.sku}@${event.payload.locationId}`, event.payload));
      case TOPICS.posTransactionsDeadLetter.name:
        return this.decoded(TOPICS.posTransactionsDeadLetter, value, (event) => this.deadLetters.add(rejectionFromDeadLetter(event.eventId, event.payload)));
      case TOPICS.inventoryMovementsDeadLetter.name:
        return this.decoded(TOPICS.inventoryMovementsDeadLetter, value, (event) => this.deadLetters.add(rejectionFromDeadLetter(event.eventId, event.payload)));
      case TOPICS.forecastingStockChangedDeadLetter.name:
        return this.decoded(TOPICS.forecastingStockChangedDeadLetter, value, (event) => this.deadLetters.add(rejectionFromDeadLetter(event.eventId, event.payload)));
      default:
        return false;
    }
  }

  applyBroker(reading: BrokerReading): void {
    this.kafka = reading.ok ? { status: 'up', detail: null } : { status: 'down', detail: reading.detail ?? 'unreachable' };
    if (!reading.ok) return;
    for (const [topic, ends] of reading.ends) this.topicRates.sample(topic, reading.time, recordsWritten(ends));
    this.lags = reading.committed
      .map(({ groupId, topics }) => groupLag(groupId, topics.flatMap(({ topic, partitions }) => {
        const ends = reading.ends.get(topic);
        return ends ? [topicLag(topic, ends, partitions)] : [];
      })))
      .filter((group) => group.topics.length > 0)
      .sort((a, b) => b.lag - a.lag || a.groupId.localeCompare(b.groupId));
    for (const group of this.lags) this.seriesOf(group.groupId).add(reading.time, group.lag);
  }

  applyService(reading: ServiceReading): void {
    const previous = this.services.get(reading.name)?.openDeadLetters;
    this.services.set(reading.name, reading.openDeadLetters === undefined && previous !== undefined ? { ...reading, openDeadLetters: previous } : reading);
    const time = Date.parse(reading.checkedAt);
    if (reading.consumedTotal !== undefined) this.serviceRates.sample(`${reading.name}:consumed`, time, reading.consumedTotal);
    if (reading.publishedTotal !== undefined) this.serviceRates.sample(`${reading.name}:published`, time, reading.publishedTotal);
  }

  applyDrift(reading: DriftReading, checkedAt: string): void {
    this.drift = { status: reading.status, keys: reading.keys, detail: reading.status === 'unknown' ? reading.detail : null, checkedAt, audit: reading.audit };
  }

  applyRejections(reading: RejectionsReading): void {
    if (reading.status === 'ok') {
      this.ingestionRejections = [...reading.rows];
      this.rejectionsStatus = { status: 'ok', detail: null };
    } else {
      this.rejectionsStatus = { status: reading.status, detail: reading.detail };
    }
  }

  get kafkaStatus(): { status: ServiceStatus; detail: string | null } {
    return this.kafka;
  }

  /** Records the watched consumer groups still have to read, as of the last broker reading. */
  get totalLag(): number {
    return this.lags.reduce((sum, group) => sum + group.lag, 0);
  }

  /** The alerts of one SKU at one location among the recent ones held, newest first. */
  alertsOf(sku: string, locationId: string): AlertV1[] {
    return this.alerts.list().filter((alert) => alert.sku === sku && alert.locationId === locationId);
  }

  /** The ids of the alerts a snapshot shows. */
  shownAlertIds(): string[] {
    return this.alerts.list().slice(0, this.options.topN).map((alert) => alert.alertId);
  }

  /** The latest occurrence held of an alert, if it is among the recent ones. */
  recentAlert(alertId: string): AlertV1 | undefined {
    return this.alerts.list().find((alert) => alert.alertId === alertId);
  }

  /** `acknowledgementOf` says which shown alerts are acknowledged (none when not given). */
  snapshot(now: Date, acknowledgementOf: (alert: AlertV1) => Acknowledgement | null = () => null): DashboardSnapshot {
    const topics = TOPIC_LIST.map((definition) => {
      const tracker = this.topicRates.get(definition.name);
      return {
        topic: definition.name,
        producers: definition.producers,
        consumers: definition.consumers,
        eventsPerSecond: tracker?.rate ?? null,
        total: tracker?.total ?? null,
        series: tracker?.series() ?? [],
      };
    });
    const known = topics.filter((topic) => topic.eventsPerSecond !== null);
    return {
      generatedAt: now.toISOString(),
      refreshIntervalMs: this.options.refreshIntervalMs,
      historySeconds: this.options.historySeconds,
      kafka: this.kafka,
      services: HEALTH_SERVICES.map((name) => this.serviceView(name)),
      throughput: { totalPerSecond: known.length > 0 ? known.reduce((sum, topic) => sum + (topic.eventsPerSecond ?? 0), 0) : null, topics },
      lag: { total: this.totalLag, groups: this.lags.map((group) => ({ ...group, series: this.seriesOf(group.groupId).values() })) },
      stock: this.stock.summary(this.options.topN),
      alerts: { total: this.alerts.total, byType: countBy(this.alertCounts.entries(), ([type]) => type).map(({ category }) => ({ category, count: this.alertCounts.get(category) ?? 0 })), recent: this.alerts.list().slice(0, this.options.topN).map((alert) => ({ ...alert, acknowledgement: acknowledgementOf(alert) })) },
      suggestions: this.openSuggestions(),
      rejections: { ...this.rejectionsStatus, recent: [...this.ingestionRejections, ...this.deadLetters.list()].sort((a, b) => Date.parse(b.time) - Date.parse(a.time)).slice(0, this.options.topN) },
      drift: this.drift,
      deadLetters: this.openDeadLetters(),
      eventsRead: { total: [...this.eventsRead.values()].reduce((sum, count) => sum + count, 0), byTopic: Object.fromEntries(this.eventsRead) },
    };
  }

  private openSuggestions(): DashboardSnapshot['suggestions'] {
    if (this.suggestionsView?.records === this.suggestionRecords) return this.suggestionsView.view;
    const open = [...this.suggestions.values()].filter((suggestion) => suggestion.status !== 'cleared');
    const view = { open: open.length, recent: open.sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt)).slice(0, this.options.topN) };
    this.suggestionsView = { records: this.suggestionRecords, view };
    return view;
  }

  /** As each service last reported them; a service that did not answer keeps its last counts. */
  private openDeadLetters(): DashboardSnapshot['deadLetters'] {
    const byReason = [...this.services.values()]
      .flatMap((reading) => [...(reading.openDeadLetters ?? [])].filter(([, count]) => count > 0).map(([reasonCode, count]) => ({ service: reading.name, reasonCode, count })))
      .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service) || a.reasonCode.localeCompare(b.reasonCode));
    return { open: byReason.reduce((sum, entry) => sum + entry.count, 0), byReason };
  }

  private serviceView(name: string): ServiceHealthView {
    const reading = this.services.get(name);
    return {
      name,
      url: reading?.url ?? '',
      status: reading?.status ?? 'unknown',
      detail: reading?.detail ?? null,
      checkedAt: reading?.checkedAt ?? null,
      consumedPerSecond: this.serviceRates.get(`${name}:consumed`)?.rate ?? null,
      publishedPerSecond: this.serviceRates.get(`${name}:published`)?.rate ?? null,
    };
  }

  private seriesOf(groupId: string): TimeSeries {
    let series = this.lagSeries.get(groupId);
    if (!series) {
      series = new TimeSeries(this.options.historySeconds * 1000);
      this.lagSeries.set(groupId, series);
    }
    return series;
  }

  private decoded<T extends TopicDefinition>(topic: T, value: Buffer, apply: (event: z.output<T['valueSchema']>) => unknown): boolean {
    const result = decodeEvent(topic, value);
    if (!result.ok) return false;
    apply(result.value);
    return true;
  }
}
