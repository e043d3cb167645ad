// A synthetic run end to end against the real broker: the ERP side publishes catalog and opening
// stock, answers a reorder suggestion with an order and its receipt; the tills post to an HTTP
// server that answers as pos-ingestion's contract says (admin API, keys per till, duplicates,
// 429 with Retry-After), so what the simulator sends can be checked transaction by transaction.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOPICS, createEnvelope, decodeEvent, posTransactionV1Schema, reorderSuggestionV1Example, validateContract, type PosTransactionV1 } from '@ledgerline/contracts';
import { EventProducer, createKafkaClient, prefixedTopic } from '@ledgerline/messaging';
import { createTestTopics, deleteTestTopics, readTopicUntil, testKafkaBrokers, uniqueTestId } from '@ledgerline/testing';
import { parseSimulatorOptions } from '../config/simulator-options';
import { runSynthetic } from './synthetic-run';

jest.setTimeout(60_000);

const ADMIN_KEY = 'admin-key-for-the-simulator-test';

/** Answers like pos-ingestion: admin endpoints, one key per till, 202 accepted/duplicate, a 429 now and then. */
function startIngestionStandIn() {
  const keys = new Map<string, { storeId: string; terminalId: string }>();
  const seen = new Map<string, string>();
  const received: Array<{ transaction: PosTransactionV1; via: 'single' | 'batch'; key: { storeId: string; terminalId: string } }> = [];
  const invalid: string[] = [];
  let requests = 0;
  let throttled = 0;
  const server: Server = createServer(async (request, response) => {
    const body = await readJson(request);
    const bearer = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(payload));
    };
    if (request.url === '/health/live') return reply(200, { status: 'ok' });
    if (request.url?.startsWith('/v1/admin/')) {
      if (bearer !== ADMIN_KEY) return reply(401, { code: 'AUTH.INVALID_KEY' });
      if (request.url === '/v1/admin/stores') return reply(201, { storeId: body.storeId });
      const apiKey = `key-${body.storeId}-${body.terminalId}-${keys.size}`;
      keys.set(apiKey, { storeId: body.storeId, terminalId: body.terminalId });
      return reply(201, { keyId: String(keys.size), apiKey, storeId: body.storeId, terminalId: body.terminalId });
    }
    const till = keys.get(bearer);
    if (!till) return reply(401, { code: 'AUTH.INVALID_KEY' });
    if (++requests % 25 === 0) {
      throttled += 1;
      return reply(429, { code: 'RATE_LIMITED' }, { 'retry-after': '0.2' });
    }
    const accept = (transaction: unknown, via: 'single' | 'batch') => {
      const result = validateContract(posTransactionV1Schema, transaction);
      if (!result.ok) {
        invalid.push(JSON.stringify(result.errors));
        return 'rejected';
      }
      received.push({ transaction: result.value, via, key: till });
      const fingerprint = JSON.stringify(result.value);
      const earlier = seen.get(result.value.transactionId);
      seen.set(result.value.transactionId, fingerprint);
      return earlier === undefined ? 'accepted' : earlier === fingerprint ? 'duplicate' : 'conflict';
    };
    if (request.url === '/v1/transactions') return reply(202, { status: accept(body, 'single'), transactionId: body.transactionId });
    const results = (body.transactions as unknown[]).map((transaction, index) => ({ index, status: accept(transaction, 'batch') }));
    return reply(200, { results });
  });
  return { server, received, invalid, stats: () => ({ requests, throttled }) };
}

async function readJson(request: IncomingMessage): Promise<Record<string, never>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

describe('pos-simulator synthetic run (real Kafka)', () => {
  const prefix = uniqueTestId('simulator');
  const topic = (name: string) => prefixedTopic(prefix, name);
  const standIn = startIngestionStandIn();

  beforeAll(async () => {
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    await createTestTopics([{ topic: topic(TOPICS.reorderSuggestions.name), partitions: 1, compacted: true }]);
  });

  afterAll(async () => {
    await new Promise((resolve) => standIn.server.close(resolve));
    await deleteTestTopics([TOPICS.reorderSuggestions, TOPICS.inventoryMovements, TOPICS.catalogItems, TOPICS.catalogLocations].map((definition) => topic(definition.name)));
  });

  it('registers the tills, stocks the stores, sells, and orders and receives what forecasting suggests', async () => {
    const url = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
    const options = parseSimulatorOptions(
      ['--rate', '60', '--stores', '2', '--terminals', '2', '--skus', '30', '--duration', '6', '--lead-time', '1', '--duplicate-rate', '0.1', '--offline-rate', '0.02', '--status-every', '1', '--run-id', 'it1'],
      { ADMIN_API_KEY: ADMIN_KEY, KAFKA_BROKERS: testKafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, POS_INGESTION_URL: url },
    );
    if (options === 'help') throw new Error('unexpected help');
    const statusLines: string[] = [];
    const problems: string[] = [];
    const run = runSynthetic(options, 'it1', { status: (line) => statusLines.push(line), problem: (message) => problems.push(message) }, new AbortController().signal);

    // Forecasting raises a suggestion while the run is going.
    const producer = new EventProducer(createKafkaClient({ brokers: testKafkaBrokers(), clientId: `${prefix}-forecasting` }));
    await producer.connect();
    const suggestion = { ...reorderSuggestionV1Example, suggestionId: 'sg-it-1', sku: 'SKU-00003', locationId: 'S002', status: 'open' as const, orderQuantity: 48 };
    await producer.send([{ topic: topic(TOPICS.reorderSuggestions.name), key: 'SKU-00003@S002', value: createEnvelope(TOPICS.reorderSuggestions, suggestion, { producer: 'reorder-forecasting', occurredAt: suggestion.raisedAt }) }]);
    await producer.disconnect();
    await run;

    expect(problems).toEqual([]);
    expect(standIn.invalid).toEqual([]);
    const transactions = standIn.received;
    expect(transactions.length).toBeGreaterThan(30);
    for (const { transaction, key } of transactions) expect(key).toEqual({ storeId: transaction.storeId, terminalId: transaction.terminalId });
    expect(new Set(transactions.map(({ key }) => `${key.storeId}/${key.terminalId}`))).toEqual(new Set(['S001/T01', 'S001/T02', 'S002/T01', 'S002/T02']));
    expect(standIn.stats().throttled).toBeGreaterThan(0);
    const finalLine = statusLines[statusLines.length - 1]!;
    expect(finalLine).toMatch(/^finished: /);
    expect(finalLine).toMatch(new RegExp(`429s ${standIn.stats().throttled}`));
    expect(finalLine).toMatch(/duplicate [1-9]/);
    expect(finalLine).toMatch(/rejected 0 failed 0/);

    const movements = await readTopicUntil(topic(TOPICS.inventoryMovements.name), (messages) => messages.length >= 2 * 30 + 2, { timeoutMs: 15_000 });
    const decoded = movements.map((message) => {
      const result = decodeEvent(TOPICS.inventoryMovements, message.value);
      if (!result.ok) throw new Error(result.reason);
      expect(message.key).toBe(`${result.value.payload.sku}@${result.value.payload.locationId}`);
      return result.value.payload;
    });
    expect(decoded.filter((movement) => movement.kind === 'receipt' && movement.purchaseOrderId === undefined)).toHaveLength(60);
    const order = decoded.find((movement) => movement.kind === 'order-placed');
    expect(order).toMatchObject({ sku: 'SKU-00003', locationId: 'S002', quantity: 48, source: { system: 'erp' } });
    const receipt = decoded.find((movement) => movement.kind === 'receipt' && movement.purchaseOrderId !== undefined);
    expect(receipt).toMatchObject({ sku: 'SKU-00003', locationId: 'S002', quantity: 48, purchaseOrderId: order?.kind === 'order-placed' ? order.purchaseOrderId : 'missing' });

    const items = await readTopicUntil(topic(TOPICS.catalogItems.name), (messages) => messages.length >= 30);
    for (const item of items) expect(decodeEvent(TOPICS.catalogItems, item.value).ok).toBe(true);
  });
});
