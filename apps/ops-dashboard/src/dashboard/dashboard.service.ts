// Runs the dashboard's three loops (broker offsets and topic subscriptions; HTTP polls of the
// services; a snapshot for the page every refresh interval) and hands snapshots to subscribers.
// A loop never overlaps itself, and a source that hangs is reported as down after a deadline, so
// a dead broker or service leaves the page showing 'down' instead of freezing it.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BehaviorSubject, Observable } from 'rxjs';
import { Counter, Gauge } from 'prom-client';
import { createKafkaClient } from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, metricsRegistry } from '@ledgerline/runtime';
import { BrokerMonitor } from '../feeds/broker-monitor';
import { ServicePoller } from '../feeds/service-poller';
import { TopicFeed } from '../feeds/topic-feed';
import { TopicNames } from '../feeds/watched-topics';
import { DASHBOARD_CONFIG, type DashboardConfig } from '../config/dashboard.config';
import type { DashboardSnapshot } from './dashboard-snapshot';
import { DashboardState } from './dashboard-state';

const recordsRead = new Counter({ name: 'ledgerline_dashboard_records_read_total', help: 'Records the dashboard read from Kafka, by topic', labelNames: ['topic'], registers: [metricsRegistry] });
const pageClients = new Gauge({ name: 'ledgerline_dashboard_stream_clients', help: 'Pages connected to the live stream', registers: [metricsRegistry] });

@Injectable()
export class DashboardService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('Dashboard');
  private readonly state: DashboardState;
  private readonly snapshots$: BehaviorSubject<DashboardSnapshot>;
  private readonly monitor: BrokerMonitor;
  private readonly feed: TopicFeed;
  private readonly poller: ServicePoller;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.state = new DashboardState({ refreshIntervalMs: config.REFRESH_INTERVAL_MS, historySeconds: config.HISTORY_SECONDS, topN: config.TOP_N, recentEvents: config.RECENT_EVENTS });
    this.snapshots$ = new BehaviorSubject(this.state.snapshot(new Date()));
    const instance = config.INSTANCE_ID ?? `${process.pid}`;
    const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `ops-dashboard-${instance}`, requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS });
    const names = new TopicNames(config.KAFKA_TOPIC_PREFIX);
    const ownGroups = `${config.KAFKA_TOPIC_PREFIX ? `${config.KAFKA_TOPIC_PREFIX}.` : ''}ops-dashboard-view`;
    this.monitor = new BrokerMonitor(kafka, names, ownGroups);
    this.feed = new TopicFeed(kafka, names, `${ownGroups}-${instance}-${Date.now().toString(36)}`, config.RECENT_EVENTS, (topic, key, value) => {
      recordsRead.inc({ topic });
      if (!this.state.applyRecord(topic, key, value)) this.logger.warn('skipped a record the dashboard cannot read', { topic, key });
    });
    this.poller = new ServicePoller({
      services: [
        { name: 'pos-ingestion', url: config.POS_INGESTION_URL },
        { name: 'inventory-ledger', url: config.INVENTORY_LEDGER_URL },
        { name: 'reorder-forecasting', url: config.REORDER_FORECASTING_URL },
      ],
      ledgerUrl: config.INVENTORY_LEDGER_URL,
      ingestionUrl: config.POS_INGESTION_URL,
      adminApiKey: config.ADMIN_API_KEY,
      timeoutMs: config.SERVICE_TIMEOUT_MS,
      rejectionsLimit: config.RECENT_EVENTS,
    });
  }

  onApplicationBootstrap(): void {
    this.readiness.register('kafka', () => {
      const { status, detail } = this.snapshots$.value.kafka;
      return { ready: status === 'up', detail: status === 'up' ? undefined : (detail ?? status) };
    });
    const every = this.config.REFRESH_INTERVAL_MS;
    this.repeat('broker', every, () => this.watchBroker());
    this.repeat('services', every, () => this.pollServices());
    this.timers.push(setInterval(() => this.snapshots$.next(this.state.snapshot(new Date())), every));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled(this.inFlight.values());
    this.snapshots$.complete();
    await this.feed.stop();
    await this.monitor.disconnect();
  }

  current(): DashboardSnapshot {
    return this.snapshots$.value;
  }

  /** The latest snapshot at once, then every new one; counts connected pages while subscribed. */
  stream(): Observable<DashboardSnapshot> {
    return new Observable<DashboardSnapshot>((subscriber) => {
      pageClients.inc();
      const subscription = this.snapshots$.subscribe(subscriber);
      return () => {
        pageClients.dec();
        subscription.unsubscribe();
      };
    });
  }

  private async watchBroker(): Promise<void> {
    const observation = await withDeadline(this.monitor.observe(Date.now()), this.deadline(), () => this.monitor.disconnect());
    if (!observation) {
      this.state.applyBroker({ time: Date.now(), ok: false, detail: 'no answer from the broker in time', ends: new Map(), committed: [] });
      return;
    }
    this.state.applyBroker(observation.reading);
    if (!observation.reading.ok || this.stopped) return;
    const ends = observation.reading.ends;
    await this.feed.follow(observation.existingTopics, (topic) => ends.get(topic)).catch((error: unknown) => {
      this.logger.warn('could not follow the platform topics; retrying on the next refresh', { error });
      return this.feed.stop();
    });
  }

  private async pollServices(): Promise<void> {
    const [services, drift, rejections] = await Promise.all([this.poller.pollServices(), this.poller.pollDrift(), this.poller.pollRejections()]);
    for (const service of services) this.state.applyService(service);
    this.state.applyDrift(drift, new Date().toISOString());
    this.state.applyRejections(rejections);
  }

  private deadline(): number {
    return Math.max(3 * this.config.REFRESH_INTERVAL_MS, 5_000);
  }

  private repeat(name: string, intervalMs: number, work: () => Promise<void>): void {
    const run = () => {
      if (this.inFlight.has(name) || this.stopped) return;
      const running = work()
        .catch((error: unknown) => this.logger.warn(`${name} refresh failed`, { error }))
        .finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, running);
    };
    run();
    this.timers.push(setInterval(run, intervalMs));
  }
}

/** The work's result, or undefined when it took longer than `ms` (then `onTimeout` runs). */
async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Promise<void>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      void onTimeout().catch(() => undefined);
      resolve(undefined);
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
