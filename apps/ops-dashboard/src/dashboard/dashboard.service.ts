// Runs the dashboard's three loops (broker offsets and topic subscriptions; HTTP polls of the
// services; an update for connected pages every refresh interval) and hands updates to pages.
// A loop never overlaps itself, and a source that hangs is reported as down after a deadline, so
// a dead broker or service leaves the page showing 'down' instead of freezing it. While the
// platform is quiet (no watched topic grew, no consumer group lags) the services, the drift check
// and the groups' offsets are asked only every IDLE_REFRESH_INTERVAL_MS; the topics' end offsets,
// which tell that traffic resumed, every refresh. Pages get a snapshot only when it changed
// (PageUpdates), and nothing is built while no page is connected. While nobody looks (no page open,
// no snapshot asked for lately) the services are not asked and the broker only every
// UNWATCHED_REFRESH_INTERVAL_MS; the first page or snapshot after that waits for a full refresh
// (RefreshSchedule). Alert acknowledgements are looked up for the alerts shown, then drawn on them.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Observable, Subject, type Subscription } from 'rxjs';
import { Counter, Gauge } from 'prom-client';
import { TOPICS, type AlertV1 } from '@ledgerline/contracts';
import { createKafkaClient } from '@ledgerline/messaging';
import { JsonLogger, ReadinessRegistry, metricsRegistry } from '@ledgerline/runtime';
import { acknowledgementOf, type Acknowledgement } from '../alerts/alert-acknowledgement';
import { AlertAcknowledgements } from '../alerts/alert-acknowledgements';
import { AlertLog } from '../alerts/alert-log';
import { AlertLogFeed } from '../alerts/alert-log.feed';
import { BrokerMonitor } from '../feeds/broker-monitor';
import { RefreshSchedule } from '../feeds/refresh-schedule';
import { ServicePoller } from '../feeds/service-poller';
import { TopicFeed } from '../feeds/topic-feed';
import { TopicNames } from '../feeds/watched-topics';
import { DASHBOARD_CONFIG, type DashboardConfig } from '../config/dashboard.config';
import type { DashboardSnapshot } from './dashboard-snapshot';
import { DashboardState } from './dashboard-state';
import { PageUpdates, type PageUpdate } from './page-updates';

const recordsRead = new Counter({ name: 'ledgerline_dashboard_records_read_total', help: 'Records the dashboard read from Kafka, by topic', labelNames: ['topic'], registers: [metricsRegistry] });
const pageClients = new Gauge({ name: 'ledgerline_dashboard_stream_clients', help: 'Pages connected to the live stream', registers: [metricsRegistry] });

@Injectable()
export class DashboardService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new JsonLogger('Dashboard');
  private readonly state: DashboardState;
  private readonly updates$ = new Subject<PageUpdate>();
  private readonly pageUpdates: PageUpdates;
  private readonly schedule: RefreshSchedule;
  /** Until a broker reading says otherwise, the platform counts as busy: every source is asked every refresh. */
  private busy = true;
  private brokerReadAt = 0;
  private committedReadAt = 0;
  private servicesPolledAt = 0;
  private readonly monitor: BrokerMonitor;
  private readonly feed: TopicFeed;
  private readonly alertLogFeed: AlertLogFeed;
  private readonly poller: ServicePoller;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
    private readonly readiness: ReadinessRegistry,
    private readonly acknowledgements: AlertAcknowledgements,
    alertLog: AlertLog,
  ) {
    this.state = new DashboardState({ refreshIntervalMs: config.REFRESH_INTERVAL_MS, historySeconds: config.HISTORY_SECONDS, topN: config.TOP_N, recentEvents: config.RECENT_EVENTS });
    this.pageUpdates = new PageUpdates(config.IDLE_REFRESH_INTERVAL_MS);
    this.schedule = new RefreshSchedule({ idleRefreshIntervalMs: config.IDLE_REFRESH_INTERVAL_MS, unwatchedRefreshIntervalMs: config.UNWATCHED_REFRESH_INTERVAL_MS });
    const instance = config.INSTANCE_ID ?? `${process.pid}`;
    const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: `ops-dashboard-${instance}`, requestTimeoutMs: config.KAFKA_REQUEST_TIMEOUT_MS });
    const names = new TopicNames(config.KAFKA_TOPIC_PREFIX);
    const ownGroups = `${config.KAFKA_TOPIC_PREFIX ? `${config.KAFKA_TOPIC_PREFIX}.` : ''}ops-dashboard-view`;
    this.monitor = new BrokerMonitor(kafka, names, ownGroups);
    this.feed = new TopicFeed(kafka, names, `${ownGroups}-${instance}-${Date.now().toString(36)}`, config.RECENT_EVENTS, config.REFRESH_INTERVAL_MS, (topic, key, value) => {
      recordsRead.inc({ topic });
      if (!this.state.applyRecord(topic, key, value)) this.logger.warn('skipped a record the dashboard cannot read', { topic, key });
    });
    this.alertLogFeed = new AlertLogFeed(kafka, names.prefixed(TOPICS.alerts.name), `${ownGroups}-alert-log`, config.REFRESH_INTERVAL_MS, alertLog);
    this.poller = new ServicePoller({
      services: [
        { name: 'pos-ingestion', url: config.POS_INGESTION_URL },
        { name: 'inventory-ledger', url: config.INVENTORY_LEDGER_URL },
        { name: 'reorder-forecasting', url: config.REORDER_FORECASTING_URL },
      ],
      ledgerUrl: config.INVENTORY_LEDGER_URL,
      ingestionUrl: config.POS_INGESTION_URL,
      ingestionCredential: config.POS_INGESTION_CREDENTIAL,
      ledgerCredential: config.INVENTORY_LEDGER_CREDENTIAL,
      timeoutMs: config.SERVICE_TIMEOUT_MS,
      rejectionsLimit: config.RECENT_EVENTS,
    });
  }

  onApplicationBootstrap(): void {
    this.readiness.register('kafka', () => {
      const { status, detail } = this.state.kafkaStatus;
      return { ready: status === 'up', detail: status === 'up' ? undefined : (detail ?? status) };
    });
    const every = this.config.REFRESH_INTERVAL_MS;
    // The first rounds run in full, so the picture is there before anyone looks.
    this.repeat('broker', every, (first) => this.watchBroker(first));
    this.repeat('services', every, (first) => this.pollServices(first));
    this.timers.push(setInterval(() => this.updatePages(), every));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled(this.inFlight.values());
    this.updates$.complete();
    await this.feed.stop();
    await this.alertLogFeed.stop();
    await this.monitor.disconnect();
  }

  alertsOf(sku: string, locationId: string): AlertV1[] {
    return this.state.alertsOf(sku, locationId);
  }

  /** The current snapshot; after a spell with nobody looking, once the broker and the services were asked again. */
  async current(): Promise<DashboardSnapshot> {
    if (this.schedule.snapshotRequested(Date.now())) await this.refreshEverything();
    await this.loadAcknowledgements();
    return this.snapshotAt(new Date());
  }

  /**
   * Records an operator's acknowledgement of the latest occurrence of an alert: among the recent
   * ones held, else the latest `loggedRaisedAt` finds in the alert log (the alerts page lists older
   * ones); undefined when neither knows it.
   */
  async acknowledge(
    alertId: string,
    by: string,
    keyId: string,
    note: string,
    loggedRaisedAt: (alertId: string) => Promise<string | undefined> = () => Promise.resolve(undefined),
  ): Promise<Acknowledgement | undefined> {
    const alertRaisedAt = this.state.recentAlert(alertId)?.raisedAt ?? (await loggedRaisedAt(alertId));
    if (alertRaisedAt === undefined) return undefined;
    const acknowledgement = await this.acknowledgements.record({ alertId, alertRaisedAt, by, keyId, note });
    this.logger.info('alert acknowledged', { alertId, by, keyId });
    this.updatePages();
    return acknowledgement;
  }

  private snapshotAt(now: Date): DashboardSnapshot {
    return this.state.snapshot(now, (alert) => acknowledgementOf(alert, this.acknowledgements.latestFor(alert.alertId)));
  }

  /** A failed look-up leaves the alerts as last known; the next update asks again. */
  private async loadAcknowledgements(): Promise<void> {
    await this.acknowledgements.load(this.state.shownAlertIds()).catch((error: unknown) => this.logger.warn('alert acknowledgements not read', { error }));
  }

  /** The current snapshot first (refreshed if nobody was looking), then each changed one and heartbeats; counts connected pages while subscribed. */
  stream(): Observable<PageUpdate> {
    return new Observable<PageUpdate>((subscriber) => {
      pageClients.inc();
      const stale = this.schedule.pageOpened(Date.now());
      let subscription: Subscription | undefined;
      let closed = false;
      void (stale ? this.refreshEverything() : Promise.resolve()).then(async () => {
        await this.loadAcknowledgements();
        if (closed) return;
        subscriber.next({ type: 'snapshot', data: this.snapshotAt(new Date()) });
        subscription = this.updates$.subscribe(subscriber);
      });
      return () => {
        closed = true;
        pageClients.dec();
        this.schedule.pageClosed(Date.now());
        subscription?.unsubscribe();
      };
    });
  }

  /** Asks the broker (with the groups' offsets) and the services now, after any round in flight. */
  private async refreshEverything(): Promise<void> {
    await Promise.all([this.runAfterInFlight('broker', () => this.watchBroker(true)), this.runAfterInFlight('services', () => this.pollServices(true))]);
  }

  private updatePages(): void {
    if (this.schedule.openPages === 0 || this.inFlight.has('pages') || this.stopped) return;
    void this.track('pages', async () => {
      await this.loadAcknowledgements();
      const now = new Date();
      const update = this.pageUpdates.next(this.snapshotAt(now), now.getTime());
      if (update) this.updates$.next(update);
    });
  }

  private async watchBroker(everything: boolean): Promise<void> {
    const now = Date.now();
    if (!everything && !this.schedule.brokerDue(now, this.brokerReadAt)) return;
    this.brokerReadAt = now;
    const refreshCommitted = everything || this.schedule.committedDue(now, this.committedReadAt, this.busy);
    const observation = await withDeadline(this.monitor.observe(now, refreshCommitted), this.deadline(), () => this.monitor.disconnect());
    if (!observation) {
      this.busy = true;
      this.state.applyBroker({ time: Date.now(), ok: false, detail: 'no answer from the broker in time', ends: new Map(), committed: [] });
      return;
    }
    if (refreshCommitted && observation.reading.ok) this.committedReadAt = now;
    this.state.applyBroker(observation.reading);
    this.busy = !observation.reading.ok || observation.endsMoved || this.state.totalLag > 0;
    if (!observation.reading.ok || this.stopped) return;
    const ends = observation.reading.ends;
    await this.feed.follow(observation.existingTopics, (topic) => ends.get(topic)).catch((error: unknown) => {
      this.logger.warn('could not follow the platform topics; retrying on the next refresh', { error });
      return this.feed.stop();
    });
    await this.alertLogFeed.follow(observation.existingTopics).catch((error: unknown) => this.logger.warn('could not log the alerts; retrying on the next refresh', { error }));
  }

  private async pollServices(everything: boolean): Promise<void> {
    const now = Date.now();
    if (!everything && !this.schedule.servicesDue(now, this.servicesPolledAt, this.busy)) return;
    this.servicesPolledAt = now;
    const [services, drift, rejections] = await Promise.all([this.poller.pollServices(), this.poller.pollDrift(), this.poller.pollRejections()]);
    for (const service of services) this.state.applyService(service);
    this.state.applyDrift(drift, new Date().toISOString());
    this.state.applyRejections(rejections);
  }

  private deadline(): number {
    return Math.max(3 * this.config.REFRESH_INTERVAL_MS, 5_000);
  }

  private repeat(name: string, intervalMs: number, work: (first: boolean) => Promise<void>): void {
    const run = (first: boolean) => {
      if (this.inFlight.has(name) || this.stopped) return;
      void this.track(name, () => work(first));
    };
    run(true);
    this.timers.push(setInterval(() => run(false), intervalMs));
  }

  /** Runs the work once the round of the same name in flight (if any) ended; rounds never overlap. */
  private async runAfterInFlight(name: string, work: () => Promise<void>): Promise<void> {
    while (this.inFlight.has(name)) await this.inFlight.get(name);
    if (!this.stopped) await this.track(name, work);
  }

  private track(name: string, work: () => Promise<void>): Promise<void> {
    const running = work()
      .catch((error: unknown) => this.logger.warn(`${name} refresh failed`, { error }))
      .finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, running);
    return running;
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
