// Graceful shutdown for HTTP: counts requests in flight; once shutdown begins, new requests get
// 503 with Retry-After (a POS retries them against another instance) and shutdown waits, up to
// SHUTDOWN_DRAIN_TIMEOUT_MS, for those in flight to be answered, so none is cut off between
// recording a transaction and answering it.
import { HttpStatus, Injectable } from '@nestjs/common';
import { sendProblem, type HttpRequest, type HttpResponse, type NextFunction } from './http-types';
import { problem } from './problem';

@Injectable()
export class RequestDrain {
  private inFlight = 0;
  private draining = false;
  private idleWaiters: Array<() => void> = [];

  handler(): (request: HttpRequest, response: HttpResponse, next: NextFunction) => void {
    return (_request, response, next) => this.track(response, next);
  }

  private track(response: HttpResponse, next: NextFunction): void {
    if (this.draining) {
      sendProblem(response, problem(HttpStatus.SERVICE_UNAVAILABLE, 'HTTP.SHUTTING_DOWN', 'This instance is shutting down; retry the request'), {
        'Retry-After': '1',
        Connection: 'close',
      });
      return;
    }
    this.inFlight += 1;
    response.once('close', () => {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
    next();
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Refuses new requests and resolves when those in flight are answered or the timeout passed. */
  async drain(timeoutMs: number): Promise<{ drained: boolean }> {
    this.draining = true;
    if (this.inFlight === 0) return { drained: true };
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const drained = await Promise.race([idle, timeout]);
    clearTimeout(timer);
    return { drained };
  }
}
