// What both kinds of run share: the pos-ingestion client with one API key per till, the ERP's
// Kafka side, per-till send queues, the counters and the status line.
import type { PosTransactionV1 } from '@ledgerline/contracts';
import type { SimulatorOptions } from '../config/simulator-options';
import { ErpSimulation } from '../erp/erp-simulation';
import type { PosSubmission } from '../generation/pos-traffic.generator';
import { linesOf } from '../generation/pos-traffic.generator';
import { ErpKafkaGateway } from '../io/erp-kafka.gateway';
import { PosIngestionClient, addCounts } from '../io/pos-ingestion.client';
import { emptyStats, formatStatusLine, type SimulationStats } from './simulation-stats';
import { TerminalQueues, terminalKeyOf } from './terminal-queues';

export interface Reporter {
  status(line: string): void;
  problem(message: string): void;
}

/** The batch endpoint takes at most this many transactions per request. */
const BATCH_LIMIT = 1000;

export class RunContext {
  readonly stats: SimulationStats = emptyStats();
  readonly client: PosIngestionClient;
  readonly queues = new TerminalQueues();
  readonly erp: ErpSimulation | undefined;
  private readonly apiKeys = new Map<string, Promise<string>>();
  private readonly stores = new Map<string, Promise<void>>();
  private statusTimer: NodeJS.Timeout | undefined;
  private readonly startedAt = Date.now();
  private rejectionsReported = 0;

  constructor(
    readonly options: SimulatorOptions,
    readonly runId: string,
    readonly reporter: Reporter,
    costCentsOf: (sku: string) => number | undefined,
  ) {
    this.client = new PosIngestionClient({
      baseUrl: options.ingestionUrl,
      onRejected: (transactionId, reason) => {
        // The first few reasons are worth reading; after that the counter says enough.
        if (this.rejectionsReported++ < 5) reporter.problem(`rejected ${transactionId}: ${reason}`);
      },
    });
    if (options.erp) {
      const gateway = new ErpKafkaGateway({
        brokers: options.kafkaBrokers,
        topicPrefix: options.topicPrefix,
        clientId: `pos-simulator-${runId}`,
        purchasingGroupId: `${options.topicPrefix ? `${options.topicPrefix}.` : ''}pos-simulator-erp-purchasing`,
      });
      this.erp = new ErpSimulation(
        gateway,
        { runId, leadTimeSeconds: options.leadTime, costCentsOf, fallbackCostCents: 100 },
        { onPublished: (records) => (this.stats.erpRecords += records), onProblem: (message) => reporter.problem(message) },
      );
    }
  }

  async start(signal: AbortSignal): Promise<void> {
    await this.client.waitUntilReachable(120_000, signal);
    await this.erp?.connect();
  }

  startStatusLine(extra: () => string = () => ''): void {
    let previous = { ...this.stats };
    let previousAt = Date.now();
    this.statusTimer = setInterval(() => {
      this.refreshGauges();
      const now = Date.now();
      const suffix = extra();
      this.reporter.status(`${formatStatusLine(this.stats, previous, (now - this.startedAt) / 1000, (now - previousAt) / 1000)}${suffix ? ` | ${suffix}` : ''}`);
      previous = { ...this.stats };
      previousAt = now;
    }, this.options.statusEvery * 1000);
  }

  /** Creates the store (once) and issues the till's API key (once). */
  apiKeyFor(storeId: string, terminalId: string, storeName: string): Promise<string> {
    const key = `${storeId}/${terminalId}`;
    let apiKey = this.apiKeys.get(key);
    if (!apiKey) {
      let store = this.stores.get(storeId);
      if (!store) {
        store = this.client.createStore(this.options.adminApiKey, storeId, storeName);
        this.stores.set(storeId, store);
      }
      apiKey = store.then(() => this.client.issueTerminalKey(this.options.adminApiKey, storeId, terminalId));
      this.apiKeys.set(key, apiKey);
    }
    return apiKey;
  }

  submit(submission: PosSubmission): void {
    const transactions: readonly PosTransactionV1[] = submission.kind === 'live' ? [submission.transaction] : submission.transactions;
    if (transactions.length === 0) return;
    const terminal = submission.terminal;
    this.queues.enqueue(terminalKeyOf(terminal), async () => {
      const apiKey = await this.apiKeys.get(`${terminal.storeId}/${terminal.terminalId}`);
      if (!apiKey) throw new Error(`SIMULATOR.NO_API_KEY: no key for ${terminal.storeId}/${terminal.terminalId}`);
      this.stats.sent += transactions.length;
      this.stats.lines += transactions.reduce((sum, transaction) => sum + linesOf(transaction), 0);
      if (submission.kind === 'live') {
        if (submission.resend) this.stats.resends += 1;
        addCounts(this.stats, await this.client.postTransaction(apiKey, submission.transaction));
        return;
      }
      this.stats.offlineReplays += 1;
      for (let start = 0; start < transactions.length; start += BATCH_LIMIT) {
        addCounts(this.stats, await this.client.postBatch(apiKey, transactions.slice(start, start + BATCH_LIMIT)));
      }
    });
  }

  async finish(): Promise<void> {
    await this.queues.whenIdle();
    await this.erp?.stop();
    clearInterval(this.statusTimer);
    this.refreshGauges();
    this.reporter.status(`finished: ${formatStatusLine(this.stats, this.stats, (Date.now() - this.startedAt) / 1000, 0)}`);
  }

  private refreshGauges(): void {
    this.stats.queued = this.queues.backlog;
    const purchasing = this.erp?.status();
    if (purchasing) {
      this.stats.ordersPlaced = purchasing.ordersPlaced;
      this.stats.receiptsPosted = purchasing.receiptsPosted;
    }
  }
}

/** Resolves after `ms`, or at once when the run is stopped. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
