// JSON over keep-alive HTTP/1.1 connections (node:http), for the bench's load generators: it
// costs the client less CPU per request than fetch, and on a machine of two cores the client's
// CPU is taken from the server it measures. At most `connections` requests are in flight; the
// rest queue in the agent, in order. A request sent on a kept connection that the server closed
// as idle just then is sent again on a new one, once (Node's advice for keep-alive; the bench's
// requests carry their idempotency key, so a second sending answers the same).
import { Agent, request } from 'node:http';

export interface JsonAnswer {
  status: number;
  body: unknown;
}

export class JsonHttpClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(baseUrl: string, connections: number) {
    this.url = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  async post(path: string, headers: Readonly<Record<string, string>>, body: string): Promise<JsonAnswer> {
    try {
      return await this.send(path, headers, body);
    } catch (error) {
      if (!(error instanceof ClosedWhileIdle)) throw error;
      return this.send(path, headers, body);
    }
  }

  private send(path: string, headers: Readonly<Record<string, string>>, body: string): Promise<JsonAnswer> {
    return new Promise<JsonAnswer>((resolve, reject) => {
      const outgoing = request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          method: 'POST',
          path,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: response.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) });
            } catch (error) {
              reject(new Error(`POST ${path} answered ${response.statusCode} with a body that is not JSON: ${text.slice(0, 200)} (${String(error)})`));
            }
          });
        },
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        const closedWhileIdle = outgoing.reusedSocket && (error.code === 'ECONNRESET' || error.message === 'socket hang up');
        reject(closedWhileIdle ? new ClosedWhileIdle(error.message) : error);
      });
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

class ClosedWhileIdle extends Error {}
