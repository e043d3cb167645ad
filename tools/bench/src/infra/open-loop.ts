// Offers HTTP requests at a fixed rate, open loop: each leaves on its schedule whatever the
// answers so far, as independent clients would, so a slow server shows as latency, not as a
// lower offered rate. A request due while `maxInFlight` are unanswered is not sent and counted.
import { summariseLatencies, type LatencySummary } from '../report/stats';

interface LoadResult<Outcome extends string> {
  offeredPerSecond: number;
  sent: number;
  answeredPerSecond: number;
  seconds: number;
  latencyMs: LatencySummary;
  outcomes: Record<Outcome | 'error', number>;
  /** What the first error said, when there was one. */
  firstError?: string;
}

export interface OpenLoopResult<Outcome extends string> extends LoadResult<Outcome> {
  /** Due while the in-flight limit was reached: the client, not the server, held them back. */
  notSent: number;
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

/** Answers a second count from the first request's schedule to the last answer; latency from each request's schedule to its answer. */
export interface ScheduledLoadResult<Outcome extends string> extends LoadResult<Outcome> {
  /** From each request's scheduled start to when it left: how far behind its schedule the client sent. */
  sendLagMs: LatencySummary;
  /** Not sent because the client had fallen more than `giveUpAfterMs` behind: each counts in the latency as a lower bound. */
  abandoned: number;
}

/**
 * Offers requests on a fixed schedule (request i is due i / rate seconds after the start) and
 * times each from when it was due, not from when it left: a request that waits for a free
 * connection (`maxInFlight` are unanswered) or for a late client still counts that wait, so a
 * server that falls behind shows as latency (no coordinated omission). Once the request due
 * next is `giveUpAfterMs` late the rest are not sent (a server that far behind would only be
 * buried deeper): each of them counts in the latency with the wait it had by then or
 * `giveUpAfterMs`, whichever is longer, so the percentiles are lower bounds. The result comes once every request sent is answered.
 */
export async function offerOnSchedule<Outcome extends string>(
  { ratePerSecond, seconds, maxInFlight = 1_024, giveUpAfterMs = 10_000 }: { ratePerSecond: number; seconds: number; maxInFlight?: number; giveUpAfterMs?: number },
  send: (index: number) => Promise<Outcome>,
): Promise<ScheduledLoadResult<Outcome>> {
  const total = Math.max(1, Math.round(ratePerSecond * seconds));
  const latencies: number[] = [];
  const sendLags: number[] = [];
  const outcomes: Record<string, number> = { error: 0 };
  let firstError: unknown;
  let lastAnsweredAt = 0;
  const started = performance.now();
  const dueAt = (index: number) => started + (index * 1000) / ratePerSecond;
  let next = 0;
  let inFlight = 0;
  let allAnswered!: () => void;
  const done = new Promise<void>((resolve) => (allAnswered = resolve));
  let answered = 0;
  let sent = total;
  const launch = (index: number) => {
    inFlight += 1;
    const due = dueAt(index);
    sendLags.push(performance.now() - due);
    void send(index).then(
      (outcome) => {
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      },
      (error: unknown) => {
        firstError ??= error;
        outcomes['error'] = (outcomes['error'] ?? 0) + 1;
      },
    ).finally(() => {
      lastAnsweredAt = performance.now();
      latencies.push(lastAnsweredAt - due);
      inFlight -= 1;
      answered += 1;
      if (answered === sent) allAnswered();
      else launchDue();
    });
  };
  // Starts every request that is due, as far as connections allow; the rest wait their turn in order.
  const launchDue = () => {
    const now = performance.now();
    while (next < sent && inFlight < maxInFlight && dueAt(next) <= now) launch(next++);
  };
  while (next < total) {
    launchDue();
    if (next < total && performance.now() - dueAt(next) > giveUpAfterMs) {
      const givenUpAt = performance.now();
      sent = next;
      for (let index = next; index < total; index++) latencies.push(Math.max(giveUpAfterMs, givenUpAt - dueAt(index)));
      if (answered === sent) allAnswered();
      break;
    }
    const wait = next < total ? Math.max(1, dueAt(next) - performance.now()) : 0;
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 5)));
  }
  await done;
  const elapsed = (lastAnsweredAt - started) / 1000;
  const errors = outcomes['error'] ?? 0;
  if (firstError !== undefined && errors === sent) throw firstError;
  return {
    offeredPerSecond: ratePerSecond,
    sent,
    abandoned: total - sent,
    answeredPerSecond: (sent - errors) / elapsed,
    seconds: elapsed,
    latencyMs: summariseLatencies(latencies),
    sendLagMs: summariseLatencies(sendLags),
    outcomes: outcomes as Record<Outcome | 'error', number>,
    ...(firstError === undefined ? {} : { firstError: firstError instanceof Error ? firstError.message : String(firstError) }),
  };
}
