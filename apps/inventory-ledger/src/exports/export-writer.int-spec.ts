// writeExport on a real HTTP server over loopback: the three formats carry every row of every
// page; a client that stops reading stops the pages being read (backpressure) and one that leaves
// ends the reader; a failure part way cuts the transfer instead of ending it as if whole.
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@ledgerline/testing';
import { writeExport, type ExportColumn } from './export-writer';
import type { ExportFormat } from './export-format';

jest.setTimeout(60_000);

interface Row {
  sku: string;
  quantity: number;
}

const COLUMNS: Array<ExportColumn<Row>> = [
  { field: 'sku', header: 'sku', kind: 'text', value: (row) => row.sku },
  { field: 'quantity', header: 'quantity', kind: 'number', value: (row) => row.quantity },
];

describe('writeExport', () => {
  let server: Server;
  let url: string;
  let pages: () => AsyncIterable<Row[]>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const format = new URL(request.url ?? '/', 'http://x').searchParams.get('format') as ExportFormat;
      writeExport(response, { format, fileName: 'rows' }, COLUMNS, pages()).catch(() => {
        response.statusCode = 500;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('writes every row of every page in each format', async () => {
    const rows = (page: number) => Array.from({ length: 3 }, (_, index) => ({ sku: `=S${page}-${index}`, quantity: index - 1 }));
    pages = async function* () {
      for (let page = 0; page < 3; page += 1) yield rows(page);
    };
    const all = [0, 1, 2].flatMap(rows);
    const csv = await fetch(`${url}/?format=csv`);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="rows.csv"');
    expect(await csv.text()).toBe(['sku,quantity', ...all.map((row) => `'${row.sku},${row.quantity}`)].join('\r\n') + '\r\n');
    expect((await (await fetch(`${url}/?format=ndjson`)).text()).trim().split('\n').map((line) => JSON.parse(line))).toEqual(all);
    expect(await (await fetch(`${url}/?format=json`)).json()).toEqual(all);
    pages = async function* () {
      yield* [] as Row[][];
    };
    expect(await (await fetch(`${url}/?format=json`)).json()).toEqual([]);
  });

  it('answers an error, not an empty export, when the first page cannot be read', async () => {
    pages = async function* () {
      yield* [] as Row[][];
      throw new Error('database gone');
    };
    expect((await fetch(`${url}/?format=csv`)).status).toBe(500);
  });

  it('cuts the transfer when a later page fails', async () => {
    pages = async function* () {
      yield [{ sku: 'A', quantity: 1 }];
      throw new Error('database gone');
    };
    // Cut before or after the status reached the client: either way never a whole answer.
    await expect(fetch(`${url}/?format=json`).then((response) => response.text())).rejects.toThrow();
  });

  it('reads no further while the client does not read, and stops the reader when the client leaves', async () => {
    const pageCount = 1_000;
    const big = 'x'.repeat(64 * 1024);
    let pulled = 0;
    let ended = false;
    pages = async function* () {
      try {
        for (; pulled < pageCount; ) {
          pulled += 1;
          yield [{ sku: big, quantity: pulled }];
        }
      } finally {
        ended = true;
      }
    };
    const response = await new Promise<IncomingMessage>((resolve) => get(`${url}/?format=csv`, resolve));
    await new Promise((resolve) => response.once('data', resolve));
    response.pause();
    let seen = -1;
    let steady = 0;
    await waitFor(
      () => {
        steady = pulled === seen ? steady + 1 : 0;
        seen = pulled;
        return steady >= 3;
      },
      { intervalMs: 300, description: 'the reader waiting for the client' },
    );
    expect(pulled).toBeLessThan(pageCount);
    expect(ended).toBe(false);
    response.destroy();
    await waitFor(() => ended, { description: 'the reader ended when the client left' });
    expect(pulled).toBeLessThan(pageCount);
  });
});
