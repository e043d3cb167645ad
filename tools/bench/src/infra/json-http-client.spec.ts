import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { JsonHttpClient } from './json-http-client';

describe('JsonHttpClient', () => {
  let server: Server;
  let client: JsonHttpClient;
  const seen: string[] = [];

  beforeAll(async () => {
    const served = new WeakSet<Socket>();
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push(`${request.headers['idempotency-key']} ${text}`);
        // A kept connection closed by the server just as the client reuses it.
        if (served.has(request.socket)) {
          request.socket.destroy();
          return;
        }
        served.add(request.socket);
        response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ echoed: JSON.parse(text) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new JsonHttpClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 1);
  });

  afterAll(async () => {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts JSON and reads the answer, sending again on a new connection when the kept one was closed', async () => {
    expect(await client.post('/v1/things', { 'idempotency-key': 'k1' }, JSON.stringify({ n: 1 }))).toEqual({ status: 201, body: { echoed: { n: 1 } } });
    expect(await client.post('/v1/things', { 'idempotency-key': 'k2' }, JSON.stringify({ n: 2 }))).toEqual({ status: 201, body: { echoed: { n: 2 } } });
    expect(seen).toEqual(['k1 {"n":1}', 'k2 {"n":2}', 'k2 {"n":2}']);
  });
});
