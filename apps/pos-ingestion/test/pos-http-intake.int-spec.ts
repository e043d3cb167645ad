// The HTTP front door over real HTTP, against the real broker and database: what is accepted
// reaches the movements topic exactly once, duplicates and conflicts are told apart, every class
// of bad input gets a 4xx naming the field and never reaches the topic, credentials are scoped,
// revocable and rate-limited, voids wait for their original, and concurrent retries publish once.
import { MAX_LINES_PER_TRANSACTION, MAX_POS_LINE_QUANTITY } from '@ledgerline/contracts';
import { waitFor } from '@ledgerline/testing';
import { ADMIN_API_KEY, PosIngestionHarness, countBy, get, post, sale, voidOf, type RunningService } from './pos-ingestion-harness';

jest.setTimeout(60_000);

describe('pos-ingestion HTTP intake (real Kafka and PostgreSQL)', () => {
  const harness = new PosIngestionHarness('pos-http');
  let service: RunningService;

  beforeAll(async () => {
    await harness.setUp({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '40', HTTP_BODY_LIMIT: '64kb', REPUBLISH_AFTER_MS: '1000', REPUBLISH_INTERVAL_MS: '200' });
    service = await harness.start();
  });

  afterAll(async () => {
    await service?.app.close();
    await harness.tearDown();
  });

  it('publishes an accepted sale once; a retry is a duplicate, other content under the same id a conflict', async () => {
    const { apiKey } = await harness.credentialFor(service.url, 'S-ONCE');
    const transaction = sale('S-ONCE', 'T-1', [
      { sku: 'COFFEE-1KG', quantity: 2 },
      { sku: 'TEA', quantity: 1 },
    ]);

    const first = await post(service.url, '/v1/transactions', transaction, apiKey);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ transactionId: 'T-1', storeId: 'S-ONCE', status: 'accepted', movementIds: ['pos:S-ONCE:T-1:1', 'pos:S-ONCE:T-1:2'] });

    // Same content with keys in another order is the same transaction.
    const reordered = Object.fromEntries(Object.entries(transaction).reverse());
    const retry = await post(service.url, '/v1/transactions', reordered, apiKey);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual({ ...first.body, status: 'duplicate' });

    const changed = await post(service.url, '/v1/transactions', { ...transaction, lines: [{ ...transaction.lines[0], quantity: 3 }] }, apiKey);
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ status: 409, code: 'INTAKE.CONFLICT', errors: [{ path: 'transactionId', code: 'INTAKE.CONFLICT' }] });

    // A later sale of the same SKUs lands behind anything published for T-1 on the same partitions.
    expect((await post(service.url, '/v1/transactions', sale('S-ONCE', 'T-2', [{ sku: 'COFFEE-1KG', quantity: 1 }, { sku: 'TEA', quantity: 1 }]), apiKey)).status).toBe(202);
    const movements = await harness.movementsUntil(['pos:S-ONCE:T-2:1', 'pos:S-ONCE:T-2:2']);
    const ours = movements.filter((message) => message.movement.movementId.startsWith('pos:S-ONCE:T-1'));
    expect(ours.map((message) => message.movement.movementId).sort()).toEqual(['pos:S-ONCE:T-1:1', 'pos:S-ONCE:T-1:2']);
    const coffee = ours.find((message) => message.movement.sku === 'COFFEE-1KG')!;
    expect(coffee.key).toBe('COFFEE-1KG@S-ONCE');
    expect(coffee.eventId).toBe('movement:pos:S-ONCE:T-1:1');
    expect(coffee.movement).toMatchObject({ kind: 'sale', quantity: 2, locationId: 'S-ONCE', occurredAt: transaction.occurredAt });
  });

  describe('refuses bad input with a 4xx naming the field, and publishes none of it', () => {
    const store = 'S-BAD';
    let apiKey: string;
    let terminalKey: string;
    const good = () => sale(store, `T-${Math.random().toString(36).slice(2, 10)}`);
    const withLine = (line: Record<string, unknown>) => {
      const transaction = good();
      return { ...transaction, lines: [{ ...transaction.lines[0], ...line }] };
    };
    const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

    beforeAll(async () => {
      apiKey = (await harness.credentialFor(service.url, store)).apiKey;
      terminalKey = (await harness.credentialFor(service.url, store, 'T07')).apiKey;
      await harness.credentialFor(service.url, 'S-OTHER');
    });

    const cases: Array<[string, () => unknown, number, string, string]> = [
      ['malformed JSON', () => '{"transactionId": "T-x", ', 400, 'INTAKE.MALFORMED_JSON', ''],
      ['a missing field', () => ({ ...good(), currency: undefined }), 422, 'INTAKE.VALIDATION_FAILED', 'currency'],
      ['an extra field', () => ({ ...good(), cashier: 'Ann' }), 422, 'INTAKE.VALIDATION_FAILED', 'cashier'],
      ['an extra line field', () => withLine({ discount: '1.00' }), 422, 'INTAKE.VALIDATION_FAILED', 'lines[0].discount'],
      ['a quantity of the wrong type', () => withLine({ quantity: '2' }), 422, 'INTAKE.VALIDATION_FAILED', 'lines[0].quantity'],
      ['a zero quantity', () => withLine({ quantity: 0 }), 422, 'INTAKE.VALIDATION_FAILED', 'lines[0].quantity'],
      ['a negative quantity', () => withLine({ quantity: -3 }), 422, 'INTAKE.VALIDATION_FAILED', 'lines[0].quantity'],
      ['an absurd quantity', () => withLine({ quantity: MAX_POS_LINE_QUANTITY + 1 }), 422, 'INTAKE.VALIDATION_FAILED', 'lines[0].quantity'],
      ['a fractional quantity', () => withLine({ quantity: 1.5 }), 422, 'INTAKE.VALIDATION_FAILED', 'lines[0].quantity'],
      ['a price as a JSON number', () => withLine({ unitPrice: 2.5 }), 422, 'INTAKE.VALIDATION_FAILED', 'lines[0].unitPrice'],
      ['a malformed SKU', () => withLine({ sku: 'COF\u0007FEE' }), 422, 'INTAKE.VALIDATION_FAILED', 'lines[0].sku'],
      [
        'too many lines',
        () => ({ ...good(), lines: Array.from({ length: MAX_LINES_PER_TRANSACTION + 1 }, (_, index) => ({ lineNumber: index + 1, sku: 'A', quantity: 1, unitPrice: '1' })) }),
        422,
        'INTAKE.VALIDATION_FAILED',
        'lines',
      ],
      ['an event time in the future', () => ({ ...good(), occurredAt: hoursFromNow(2) }), 422, 'INTAKE.EVENT_TIME_IN_FUTURE', 'occurredAt'],
      ['an event time too far in the past', () => ({ ...good(), occurredAt: hoursFromNow(-24 * 200) }), 422, 'INTAKE.EVENT_TIME_TOO_OLD', 'occurredAt'],
      ['an unknown store, answered as any other store is', () => ({ ...good(), storeId: 'S-NOWHERE' }), 403, 'INTAKE.STORE_MISMATCH', 'storeId'],
      ["another store's transaction", () => ({ ...good(), storeId: 'S-OTHER' }), 403, 'INTAKE.STORE_MISMATCH', 'storeId'],
      ['a void of nothing given as a sale', () => ({ ...good(), voidsTransactionId: 'T-0' }), 422, 'INTAKE.VALIDATION_FAILED', 'voidsTransactionId'],
    ];

    it.each(cases)('%s', async (_case, body, status, code, path) => {
      const answer = await post(service.url, '/v1/transactions', body(), apiKey);
      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({ status, code });
      expect(answer.body['message']).toEqual(expect.any(String));
      const errors = answer.body['errors'] as Array<{ path: string; message: string }>;
      expect(errors.map((error) => error.path)).toContain(path);
      for (const error of errors) expect(error.message.startsWith(error.path === '' ? 'body' : error.path)).toBe(true);
    });

    it("a terminal-bound key cannot post another terminal's transaction", async () => {
      const answer = await post(service.url, '/v1/transactions', good(), terminalKey);
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ code: 'INTAKE.TERMINAL_MISMATCH', errors: [{ path: 'terminalId' }] });
      expect((await post(service.url, '/v1/transactions', { ...good(), terminalId: 'T07' }, terminalKey)).status).toBe(202);
    });

    it('a body that is not JSON is 415, one larger than the limit 413', async () => {
      const form = await fetch(`${service.url}/v1/transactions`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/plain' }, body: 'sale' });
      expect(form.status).toBe(415);
      const huge = { transactions: Array.from({ length: 400 }, (_, index) => sale(store, `T-BIG-${index}`, [{ sku: 'X'.repeat(60), quantity: 1 }])) };
      const tooLarge = await post(service.url, '/v1/transactions/batch', huge, apiKey);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body).toMatchObject({ status: 413, code: 'HTTP.PAYLOAD_TOO_LARGE' });
    });

    it('records the refusals for operations, newest first', async () => {
      const unauthorised = await get(service.url, '/v1/admin/rejections?limit=5');
      expect(unauthorised.status).toBe(401);
      const recent = await get(service.url, '/v1/admin/rejections?limit=5', ADMIN_API_KEY);
      expect(recent.status).toBe(200);
      const rows = recent.body as Array<Record<string, unknown>>;
      expect(rows).toHaveLength(5);
      expect(rows[0]).toEqual({
        channel: 'http',
        storeId: store,
        transactionId: expect.any(String),
        code: 'INTAKE.TERMINAL_MISMATCH',
        path: 'terminalId',
        reason: expect.stringContaining('terminalId is T01'),
        time: expect.any(String),
      });
      expect((await get(service.url, '/v1/admin/rejections?limit=0', ADMIN_API_KEY)).status).toBe(400);
    });

    it('none of it reached the movements topic', async () => {
      const marker = sale(store, 'T-MARKER');
      expect((await post(service.url, '/v1/transactions', marker, apiKey)).status).toBe(202);
      const movements = await harness.movementsUntil(['pos:S-BAD:T-MARKER:1']);
      const ours = movements.filter((message) => message.movement.locationId === store);
      // Only the marker and the one good terminal-bound sale.
      expect(ours).toHaveLength(2);
      expect(ours.every((message) => message.movement.kind === 'sale')).toBe(true);
    });
  });

  it('answers a batch per transaction, never all-or-nothing', async () => {
    const { apiKey } = await harness.credentialFor(service.url, 'S-BATCH');
    const earlier = sale('S-BATCH', 'B-0');
    expect((await post(service.url, '/v1/transactions', earlier, apiKey)).status).toBe(202);
    const fresh = Array.from({ length: 150 }, (_, index) => sale('S-BATCH', `B-${index + 1}`, [{ sku: `SKU-${index % 7}`, quantity: 1 + (index % 3) }]));
    const transactions = [
      ...fresh,
      earlier,
      { ...earlier, lines: [{ ...earlier.lines[0], quantity: 9 }] },
      { ...fresh[0], cashier: 'Ann' },
      fresh[1],
      'not a transaction',
    ];
    const answer = await post(service.url, '/v1/transactions/batch', { transactions }, apiKey);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 150, duplicates: 2, conflicts: 1, rejected: 2 });
    const results = answer.body['results'] as Array<{ index: number; transactionId?: string; status: string; errors?: Array<{ path: string }> }>;
    expect(results.map((result) => result.index)).toEqual(transactions.map((_, index) => index));
    expect(results.slice(150)).toEqual([
      { index: 150, transactionId: 'B-0', status: 'duplicate' },
      { index: 151, transactionId: 'B-0', status: 'conflict', errors: [expect.objectContaining({ path: 'transactionId', code: 'INTAKE.CONFLICT' })] },
      { index: 152, transactionId: 'B-1', status: 'rejected', errors: [expect.objectContaining({ path: 'cashier' })] },
      { index: 153, transactionId: 'B-2', status: 'duplicate' },
      { index: 154, status: 'rejected', errors: [expect.objectContaining({ path: '', code: 'INTAKE.VALIDATION_FAILED' })] },
    ]);

    const empty = await post(service.url, '/v1/transactions/batch', { transactions: [] }, apiKey);
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ errors: [expect.objectContaining({ path: 'transactions' })] });

    const marker = sale('S-BATCH', 'B-MARKER', Array.from({ length: 7 }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1 })));
    expect((await post(service.url, '/v1/transactions', { ...marker, lines: [...marker.lines, { lineNumber: 8, sku: 'COFFEE-1KG', quantity: 1, unitPrice: '1' }] }, apiKey)).status).toBe(202);
    const markerIds = Array.from({ length: 8 }, (_, index) => `pos:S-BATCH:B-MARKER:${index + 1}`);
    const movements = await harness.movementsUntil([...[earlier, ...fresh].map((transaction) => `pos:S-BATCH:${transaction.transactionId}:1`), ...markerIds]);
    const counts = countBy(
      movements.filter((message) => message.movement.locationId === 'S-BATCH' && !markerIds.includes(message.movement.movementId)).map((message) => message.movement.movementId),
    );
    expect(counts.size).toBe(151);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
  });

  it('authenticates every caller: missing, unknown and revoked keys get 401', async () => {
    const transaction = sale('S-AUTH', 'A-1');
    expect((await post(service.url, '/v1/transactions', transaction)).status).toBe(401);
    const unknown = await post(service.url, '/v1/transactions', transaction, `pk_0123456789abcdef_${'a'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ code: 'AUTH.INVALID_CREDENTIAL' });
    expect(unknown.headers.get('www-authenticate')).toBe('Bearer');

    const { keyId, apiKey } = await harness.credentialFor(service.url, 'S-AUTH');
    const wrongSecret = apiKey.slice(0, -4) + (apiKey.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await post(service.url, '/v1/transactions', transaction, wrongSecret)).status).toBe(401);
    expect((await post(service.url, '/v1/transactions', transaction, apiKey)).status).toBe(202);

    const revoke = await fetch(`${service.url}/v1/admin/api-keys/${keyId}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_API_KEY}` } });
    expect(revoke.status).toBe(204);
    const unknownKey = await fetch(`${service.url}/v1/admin/api-keys/0000000000000000`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_API_KEY}` } });
    expect(unknownKey.status).toBe(404);
    const afterRevoke = await post(service.url, '/v1/transactions', sale('S-AUTH', 'A-2'), apiKey);
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body).toMatchObject({ code: 'AUTH.INVALID_CREDENTIAL' });

    expect((await post(service.url, '/v1/admin/api-keys', { storeId: 'S-AUTH' }, apiKey)).status).toBe(401);
    const unknownStore = await post(service.url, '/v1/admin/api-keys', { storeId: 'S-NEVER' }, ADMIN_API_KEY);
    expect(unknownStore).toMatchObject({ status: 422, body: { code: 'ADMIN.UNKNOWN_STORE', errors: [{ path: 'storeId' }] } });
    const stores = await get(service.url, '/v1/admin/stores', ADMIN_API_KEY);
    expect((stores.body as Array<{ storeId: string }>).map((store) => store.storeId)).toContain('S-AUTH');
  });

  it('rate-limits a flooding credential with 429 and Retry-After while another still gets 202', async () => {
    const flooding = await harness.credentialFor(service.url, 'S-FLOOD');
    const quiet = await harness.credentialFor(service.url, 'S-QUIET');
    const answers = await Promise.all(
      Array.from({ length: 80 }, (_, index) => post(service.url, '/v1/transactions', sale('S-FLOOD', `F-${index}`), flooding.apiKey)),
    );
    const limited = answers.filter((answer) => answer.status === 429);
    expect(answers.filter((answer) => answer.status === 202).length).toBeGreaterThanOrEqual(40);
    // 40 at once, then one a second: even on a slow machine most of the rest is refused.
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body).toMatchObject({ status: 429, code: 'AUTH.RATE_LIMITED' });

    expect((await post(service.url, '/v1/transactions', sale('S-QUIET', 'Q-1'), quiet.apiKey)).status).toBe(202);
  });

  it('parks a void that arrives before its original and publishes it right after the original', async () => {
    const { apiKey } = await harness.credentialFor(service.url, 'S-VOID');
    const original = sale('S-VOID', 'V-SALE', [
      { sku: 'MILK', quantity: 3 },
      { sku: 'BREAD', quantity: 1 },
    ]);
    const cancel = voidOf('S-VOID', 'V-VOID', 'V-SALE');

    const early = await post(service.url, '/v1/transactions', cancel, apiKey);
    expect(early.status).toBe(202);
    expect(early.body).toEqual({ transactionId: 'V-VOID', storeId: 'S-VOID', status: 'accepted', movementIds: [] });
    const parked = await service.dataSource.query(
      `SELECT status, published_at FROM "${harness.config.DATABASE_SCHEMA}".pos_transaction WHERE store_id = 'S-VOID' AND transaction_id = 'V-VOID'`,
    );
    expect(parked).toEqual([{ status: 'pending-original', published_at: null }]);

    expect((await post(service.url, '/v1/transactions', original, apiKey)).status).toBe(202);
    const retried = await post(service.url, '/v1/transactions', cancel, apiKey);
    expect(retried.body).toEqual({ transactionId: 'V-VOID', storeId: 'S-VOID', status: 'duplicate', movementIds: ['pos:S-VOID:V-SALE:1:void', 'pos:S-VOID:V-SALE:2:void'] });

    const movements = await harness.movementsUntil(['pos:S-VOID:V-SALE:1:void', 'pos:S-VOID:V-SALE:2:void']);
    const milk = movements.filter((message) => message.key === 'MILK@S-VOID');
    expect(milk.map((message) => message.movement.kind)).toEqual(['sale', 'void']);
    expect(milk[1]!.movement).toMatchObject({ voidedMovementId: 'pos:S-VOID:V-SALE:1', voidedKind: 'sale', quantity: 3 });
    expect(Number(milk[1]!.offset)).toBeGreaterThan(Number(milk[0]!.offset));

    // A transaction is reversed once, and a void is never voided.
    const second = await post(service.url, '/v1/transactions', voidOf('S-VOID', 'V-VOID-2', 'V-SALE'), apiKey);
    expect(second).toMatchObject({ status: 422, body: { code: 'INTAKE.ALREADY_VOIDED', errors: [{ path: 'voidsTransactionId' }] } });
    const ofVoid = await post(service.url, '/v1/transactions', voidOf('S-VOID', 'V-VOID-3', 'V-VOID'), apiKey);
    expect(ofVoid).toMatchObject({ status: 422, body: { code: 'INTAKE.VOID_OF_VOID', errors: [{ path: 'voidsTransactionId' }] } });
  });

  it('pairs a void and its original posted at the same moment, whichever is recorded first', async () => {
    const { apiKey } = await harness.credentialFor(service.url, 'S-PAIR');
    const pairs = Array.from({ length: 15 }, (_, index) => ({
      original: sale('S-PAIR', `P-${index}`, [{ sku: `PAIR-${index % 4}`, quantity: 1 + index }]),
      cancel: voidOf('S-PAIR', `P-${index}-VOID`, `P-${index}`),
    }));
    const answers = await Promise.all(
      pairs.flatMap(({ original, cancel }, index) =>
        index % 2 === 0
          ? [post(service.url, '/v1/transactions', cancel, apiKey), post(service.url, '/v1/transactions', original, apiKey)]
          : [post(service.url, '/v1/transactions', original, apiKey), post(service.url, '/v1/transactions', cancel, apiKey)],
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(202));
    const parked = await service.dataSource.query(
      `SELECT transaction_id FROM "${harness.config.DATABASE_SCHEMA}".pos_transaction WHERE store_id = 'S-PAIR' AND (status <> 'accepted' OR published_at IS NULL)`,
    );
    expect(parked).toEqual([]);

    const movements = await harness.movementsUntil(pairs.map((_, index) => `pos:S-PAIR:P-${index}:1:void`));
    for (const [index] of pairs.entries()) {
      const kinds = movements.filter((message) => message.movement.movementId.startsWith(`pos:S-PAIR:P-${index}:`)).map((message) => message.movement.kind);
      expect(kinds).toEqual(['sale', 'void']);
    }
  });

  it('publishes once when the same transaction is posted concurrently', async () => {
    const { apiKey } = await harness.credentialFor(service.url, 'S-RACE');
    const transaction = sale('S-RACE', 'R-1', [{ sku: 'EGGS', quantity: 12 }]);
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(service.url, '/v1/transactions', transaction, apiKey)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(202));
    expect(answers.filter((answer) => answer.body['status'] === 'accepted')).toHaveLength(1);
    expect(answers.filter((answer) => answer.body['status'] === 'duplicate')).toHaveLength(11);

    expect((await post(service.url, '/v1/transactions', sale('S-RACE', 'R-2', [{ sku: 'EGGS', quantity: 6 }]), apiKey)).status).toBe(202);
    const movements = await harness.movementsUntil(['pos:S-RACE:R-2:1']);
    expect(movements.filter((message) => message.movement.movementId === 'pos:S-RACE:R-1:1')).toHaveLength(1);
  });

  it('republishes a transaction recorded but left unpublished by a crash', async () => {
    await harness.credentialFor(service.url, 'S-CRASH');
    const transaction = sale('S-CRASH', 'C-1', [{ sku: 'RICE', quantity: 5 }]);
    // The first half of an intake, as a crash before publishing leaves it.
    await service.runtime.transactions.record([transaction], 'http');
    const movements = await harness.movementsUntil(['pos:S-CRASH:C-1:1'], 15_000);
    expect(movements.filter((message) => message.movement.movementId === 'pos:S-CRASH:C-1:1')).toHaveLength(1);
    await waitFor(async () => (await service.runtime.transactions.unpublishedCount()) === 0, { description: 'nothing left unpublished' });
  });

  it('documents the API and exposes metrics', async () => {
    const document = (await get(service.url, '/docs/openapi.json')).body as { paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/transactions', '/v1/transactions/batch', '/v1/admin/stores', '/v1/admin/api-keys', '/v1/admin/api-keys/{keyId}', '/v1/admin/rejections']),
    );
    expect(document.components.securitySchemes).toHaveProperty('bearer');
    const metrics = (await get(service.url, '/metrics')).text;
    expect(metrics).toMatch(/pos_transactions_accepted_total\{[^}]*channel="http"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/pos_transactions_rejected_total\{[^}]*code="INTAKE.VALIDATION_FAILED"/);
    expect(metrics).toMatch(/pos_transactions_conflict_total/);
    expect(metrics).toMatch(/pos_publish_latency_seconds_bucket/);
  });
});
