// Readiness must show a broker that went away within seconds. The consumer notices only when a
// fetch or heartbeat fails (with retries, several seconds later) and the producer only on its
// next send, so readiness also asks the cluster directly: a metadata round trip with a short
// timeout, at most once per interval, answered from the last result in between.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { kafkaSecurity, type KafkaSecurity } from './kafka-security';

export interface BrokerProbeOptions {
  brokers: string[];
  clientId: string;
  /** How long one probe may take before the broker counts as unreachable. */
  timeoutMs?: number;
  /** Probes at most this often; readiness checks in between reuse the last answer. */
  intervalMs?: number;
  /** SASL and TLS; unset: this process's environment, as every client of the service. */
  security?: KafkaSecurity;
}

export interface BrokerProbeResult {
  ready: boolean;
  detail?: string;
}

export class BrokerProbe {
  private readonly kafka: Kafka;
  private admin: Admin | undefined;
  private last: { at: number; result: BrokerProbeResult } | undefined;
  private inFlight: Promise<BrokerProbeResult> | undefined;

  constructor(private readonly options: BrokerProbeOptions) {
    // A probe answers for now, and the next one is only an interval away, so it does not retry a
    // broker that failed; but one lost broker of a cluster must not make the service unready:
    // kafkajs moves to the next seed broker after a connection failure, so the probe may try
    // each listed broker once, within its one timeout.
    this.kafka = new Kafka({
      ...(options.security ?? kafkaSecurity()),
      brokers: options.brokers,
      clientId: options.clientId,
      connectionTimeout: options.timeoutMs ?? 1_500,
      requestTimeout: options.timeoutMs ?? 1_500,
      retry: { retries: Math.max(0, options.brokers.length - 1), initialRetryTime: 20, maxRetryTime: 100 },
      logLevel: logLevel.NOTHING,
    });
  }

  async check(now = Date.now()): Promise<BrokerProbeResult> {
    if (this.last !== undefined && now - this.last.at < (this.options.intervalMs ?? 1_000)) return this.last.result;
    this.inFlight ??= this.probe().finally(() => (this.inFlight = undefined));
    const result = await this.inFlight;
    this.last = { at: Date.now(), result };
    return result;
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  private async probe(): Promise<BrokerProbeResult> {
    const timeoutMs = this.options.timeoutMs ?? 1_500;
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = (async () => {
        this.admin ??= this.kafka.admin();
        await this.admin.connect();
        return this.admin.describeCluster();
      })();
      const cluster = await Promise.race([
        answer,
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
      ]);
      return cluster.brokers.length > 0 ? { ready: true } : { ready: false, detail: 'the cluster lists no broker' };
    } catch (error) {
      // Start from a fresh connection next time: a half-open one may never answer again.
      await this.close();
      return { ready: false, detail: `Kafka unreachable: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      clearTimeout(timer);
    }
  }
}
