// Reads the dashboard's server-sent event stream as a page would, keeping the latest snapshot and
// counting heartbeats, so tests can wait for what they published to show up.
import type { DashboardSnapshot } from '../../src/dashboard/dashboard-snapshot';

export class SnapshotStream {
  latest: DashboardSnapshot | undefined;
  /** The snapshot the stream began with. */
  first: DashboardSnapshot | undefined;
  received = 0;
  heartbeats = 0;
  private readonly abort = new AbortController();
  private readonly done: Promise<void>;

  private constructor(response: Response) {
    this.done = this.read(response);
  }

  static async open(url: string, credential: string): Promise<SnapshotStream> {
    const controller = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', authorization: `Bearer ${credential}` }, signal: controller.signal });
    if (!response.ok || !response.headers.get('content-type')?.includes('text/event-stream')) {
      throw new Error(`expected an event stream from ${url}, got HTTP ${response.status} ${response.headers.get('content-type')}`);
    }
    const stream = new SnapshotStream(response);
    stream.abort.signal.addEventListener('abort', () => controller.abort());
    return stream;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done.catch(() => undefined);
  }

  private async read(response: Response): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = message.split('\n');
        const type = lines.find((line) => line.startsWith('event:'))?.slice(6).trim();
        const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
        if (type === 'snapshot' && data) {
          this.latest = JSON.parse(data) as DashboardSnapshot;
          this.first ??= this.latest;
          this.received += 1;
        }
        if (type === 'heartbeat') this.heartbeats += 1;
      }
    }
  }
}
