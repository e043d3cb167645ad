// Offers HTTP requests at a fixed rate, open loop: each leaves on its schedule whatever the
// answers so far, as independent clients would, so a slow server shows as latency, not as a
// lower offered rate. A request due while `maxInFlight` are unanswered is not sent and counted.
import { summariseLatencies, type LatencySummary } from '../report/stats';

export interface OpenLoopResult<Outcome extends string> {
  offeredPerSecond: number;
  sent: number;
  /** Due while the in-flight limit was reached: the client, not the server, held them back. */
  notSent: number;
  answeredPerSecond: number;
  seconds: number;
  latencyMs: LatencySummary;
  outcomes: Record<Outcome | 'error', number>;
  /** What the first error said, when there was one. */
  firstError?: string;
}

export async function offerAtRate<Outcome extends string>(
  { ratePerSecond, seconds, maxInFlight = 256 }: { ratePerSecond: number; seconds: number; maxInFlight?: number },
  /** Sends request number `index` and says how it was answered; a throw counts as an error. */
  send: (index: number) => Promise<Outcome>,
): Promise<OpenLoopResult<Outcome>> {
  const latencies: number[] = [];
  const outcomes: Record<string, number> = { error: 0 };
  const pending = new Set<Promise<void>>();
  let firstError: unknown;
  let scheduled = 0;
  let notSent = 0;
  const started = performance.now();
  const total = Math.round(ratePerSecond * seconds);
  while (scheduled < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * ratePerSecond) + 1);
    for (; scheduled < due; scheduled++) {
      if (pending.size >= maxInFlight) {
        notSent++;
        continue;
      }
      const sentAt = performance.now();
      const request = send(scheduled).then(
        (outcome) => {
          latencies.push(performance.now() - sentAt);
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        },
        (error: unknown) => {
          firstError ??= error;
          outcomes['error'] = (outcomes['error'] ?? 0) + 1;
        },
      );
      pending.add(request);
      void request.finally(() => pending.delete(request));
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  if (firstError !== undefined && latencies.length === 0) throw firstError;
  return {
    offeredPerSecond: ratePerSecond,
    sent: total - notSent,
    notSent,
    answeredPerSecond: latencies.length / elapsed,
    seconds: elapsed,
    latencyMs: summariseLatencies(latencies),
    outcomes: outcomes as Record<Outcome | 'error', number>,
    ...(firstError === undefined ? {} : { firstError: firstError instanceof Error ? firstError.message : String(firstError) }),
  };
}
