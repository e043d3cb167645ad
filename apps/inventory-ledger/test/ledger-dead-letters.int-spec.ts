// Dead letters the ledger refused, dealt with through its admin API, against the real broker and
// database: a poison movement (an ERP adjustment with a reason code only the ledger may post) and
// a contract violation are dead-lettered and archived; they are listed by reason; the poison is
// replayed with its reason code corrected and applied once, also when it is replayed a second
// time; the other is discarded with who and why recorded; open counts follow on /metrics.
import { DataSource } from 'typeorm';
import { TOPICS, type InventoryMovementV1 } from '@ledgerline/contracts';
import { OPEN_DEAD_LETTERS_METRIC, REPLAY_HEADER, type DeadLetterDetail, type DeadLetterPage, type ReasonCount } from '@ledgerline/messaging';
import { sumMetric } from '@ledgerline/runtime';
import { readTopicUntil, waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from './running-ledger';

jest.setTimeout(120_000);

const ADMIN_API_KEY = 'ledger-admin-key-0123456789abcdef';
const POISON = 'LEDGER.RESERVED_REASON_CODE';

describe('inventory-ledger dead letters (real Kafka and PostgreSQL)', () => {
  let ledger: RunningLedger;
  let url: string;

  beforeAll(async () => {
    ledger = await startRunningLedger('ledger-dead-letters', { ADMIN_API_KEY });
    url = ledger.url;
  });

  afterAll(async () => {
    await ledger?.close();
  });

  const topic = (name: string) => ledger.topic(name);
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute)).toISOString();
  const erp = (documentId: string) => ({ system: 'erp' as const, documentId });
  const publish = (movements: Array<InventoryMovementV1 | Record<string, unknown>>) => ledger.publish(movements);

  async function admin<T>(method: 'GET' | 'POST', path: string, body?: unknown, key: string | null = ADMIN_API_KEY): Promise<{ status: number; body: T }> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function onHand(sku: string): Promise<number | undefined> {
    const response = await fetch(`${url}/v1/stock/${sku}/S1`, { headers: ledger.stockReaderHeaders });
    return response.ok ? ((await response.json()) as { onHand: number }).onHand : undefined;
  }

  async function movementsRecorded(movementId: string): Promise<number> {
    const dataSource = ledger.app.get(DataSource);
    const [row] = (await dataSource.query(`SELECT count(*)::int AS count FROM inventory_ledger.movement WHERE movement_id = $1`, [movementId])) as Array<{ count: number }>;
    return row?.count ?? 0;
  }

  it('archives, lists by reason, replays a corrected poison once, and records a discard', async () => {
    const receipt: InventoryMovementV1 = { movementId: 'rcpt-TEA', kind: 'receipt', sku: 'TEA', locationId: 'S1', quantity: 100, unitCost: '1.0000', occurredAt: at(0), source: erp('GR-1') };
    const poison: InventoryMovementV1 = { movementId: 'adj-TEA-1', kind: 'adjustment', sku: 'TEA', locationId: 'S1', quantity: -7, reasonCode: 'count-variance', occurredAt: at(5), source: erp('ADJ-1') };
    const broken = { ...receipt, movementId: 'rcpt-JAM', sku: 'JAM', quantity: 0 };
    await publish([receipt, poison, broken]);

    const reasons = await waitFor(
      async () => {
        const answer = await admin<ReasonCount[]>('GET', '/v1/admin/dead-letters/reasons');
        return answer.body.length === 2 ? answer.body : undefined;
      },
      { timeoutMs: 60_000, description: 'both dead letters archived' },
    );
    expect(reasons.map(({ reasonCode, count }) => [reasonCode, count]).sort()).toEqual([['CONTRACT.VALIDATION_FAILED', 1], [POISON, 1]].sort());
    expect(await onHand('TEA')).toBe(100);

    // Only with the admin key.
    expect((await admin('GET', '/v1/admin/dead-letters/reasons', undefined, null)).status).toBe(401);
    expect((await admin('GET', '/v1/admin/dead-letters/reasons', undefined, 'not-the-admin-key-at-all-0123456')).status).toBe(401);

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(sumMetric(metrics, OPEN_DEAD_LETTERS_METRIC)).toBe(2);

    const poisonPage = await admin<DeadLetterPage>('GET', `/v1/admin/dead-letters?reasonCode=${POISON}`);
    expect(poisonPage.body.items).toHaveLength(1);
    expect(poisonPage.body.next).toBeNull();
    const poisonId = poisonPage.body.items[0]!.eventId;
    const shown = await admin<DeadLetterDetail>('GET', `/v1/admin/dead-letters/${encodeURIComponent(poisonId)}`);
    expect(shown.body).toMatchObject({ status: 'open', reasonCode: POISON, originalTopic: topic(TOPICS.inventoryMovements.name), originalKey: 'TEA@S1', actions: [] });

    // Fixed: the ERP's adjustment should have said "damaged"; it is replayed with that value.
    const original = JSON.parse(shown.body.originalValue) as { payload: Record<string, unknown> };
    const corrected = JSON.stringify({ ...original, payload: { ...original.payload, reasonCode: 'damaged' } });
    const replayed = await admin<Record<string, unknown>>('POST', `/v1/admin/dead-letters/${encodeURIComponent(poisonId)}/replay`, { by: 'ops@example', note: 'ERP sent the wrong reason code', value: corrected });
    expect(replayed).toMatchObject({ status: 200, body: { eventId: poisonId, key: 'TEA@S1', edited: true } });
    await waitFor(async () => (await onHand('TEA')) === 93, { timeoutMs: 30_000, description: 'the corrected adjustment applied' });

    // A second replay is refused unless forced, and a forced one is applied no second time.
    const again = await admin<{ code: string }>('POST', `/v1/admin/dead-letters/${encodeURIComponent(poisonId)}/replay`, { by: 'ops@example', value: corrected });
    expect(again).toMatchObject({ status: 409, body: { code: 'DEAD_LETTER.ALREADY_REPLAYED' } });
    expect((await admin('POST', `/v1/admin/dead-letters/${encodeURIComponent(poisonId)}/replay`, { by: 'ops@example', value: corrected, force: true })).status).toBe(200);
    const sentinel: InventoryMovementV1 = { ...receipt, movementId: 'rcpt-TEA-2', quantity: 10, occurredAt: at(9) };
    await publish([sentinel]);
    await waitFor(async () => (await onHand('TEA')) === 103, { timeoutMs: 30_000, description: 'a movement behind the second replay applied' });
    expect(await movementsRecorded('adj-TEA-1')).toBe(1);
    const replays = await readTopicUntil(topic(TOPICS.inventoryMovements.name), (messages) => messages.filter((message) => message.headers[REPLAY_HEADER] === poisonId).length >= 2);
    expect(replays.filter((message) => message.headers[REPLAY_HEADER] === poisonId)).toHaveLength(2);

    const history = await admin<DeadLetterDetail>('GET', `/v1/admin/dead-letters/${encodeURIComponent(poisonId)}`);
    expect(history.body).toMatchObject({ status: 'replayed', replayCount: 2, lastActionBy: 'ops@example' });
    expect(history.body.actions.map(({ action, actedBy, note, replayedValue }) => ({ action, actedBy, note, replayedValue }))).toEqual([
      { action: 'replayed', actedBy: 'ops@example', note: 'ERP sent the wrong reason code', replayedValue: corrected },
      { action: 'replayed', actedBy: 'ops@example', note: null, replayedValue: corrected },
    ]);

    // The zero-quantity receipt is nothing to apply: discarded, with who and why.
    const brokenId = (await admin<DeadLetterPage>('GET', '/v1/admin/dead-letters?reasonCode=CONTRACT.VALIDATION_FAILED')).body.items[0]!.eventId;
    expect((await admin<{ code: string }>('POST', `/v1/admin/dead-letters/${encodeURIComponent(brokenId)}/discard`, { by: 'ops@example' })).status).toBe(422);
    const discarded = await admin<DeadLetterDetail>('POST', `/v1/admin/dead-letters/${encodeURIComponent(brokenId)}/discard`, { by: 'ops@example', reason: 'test receipt of nothing' });
    expect(discarded).toMatchObject({ status: 200, body: { status: 'discarded', lastActionBy: 'ops@example', actions: [{ action: 'discarded', actedBy: 'ops@example', note: 'test receipt of nothing' }] } });
    expect((await admin<{ code: string }>('POST', `/v1/admin/dead-letters/${encodeURIComponent(brokenId)}/replay`, { by: 'ops@example' })).body.code).toBe('DEAD_LETTER.DISCARDED');
    expect((await admin<{ code: string }>('POST', `/v1/admin/dead-letters/${encodeURIComponent(brokenId)}/discard`, { by: 'x', reason: 'y' })).body.code).toBe('DEAD_LETTER.NOT_OPEN');
    expect(await movementsRecorded('rcpt-JAM')).toBe(0);

    expect((await admin<ReasonCount[]>('GET', '/v1/admin/dead-letters/reasons')).body).toEqual([]);
    expect((await admin<ReasonCount[]>('GET', '/v1/admin/dead-letters/reasons?status=discarded')).body).toMatchObject([{ reasonCode: 'CONTRACT.VALIDATION_FAILED', count: 1 }]);
    expect(sumMetric(await (await fetch(`${url}/metrics`)).text(), OPEN_DEAD_LETTERS_METRIC) ?? 0).toBe(0);
  });
  it('dead-letters a movement re-sent under its id with another body as LEDGER.CONFLICT, and skips one re-sent unchanged', async () => {
    const receipt: InventoryMovementV1 = { movementId: 'rcpt-OIL', kind: 'receipt', sku: 'OIL', locationId: 'S1', quantity: 40, unitCost: '2.0000', occurredAt: at(0), source: erp('GR-9') };
    await publish([receipt]);
    await waitFor(async () => (await onHand('OIL')) === 40, { timeoutMs: 30_000, description: 'the receipt applied' });

    await publish([receipt, { ...receipt, quantity: 400 }]);
    const conflict = await waitFor(
      async () => {
        const page = await admin<DeadLetterPage>('GET', '/v1/admin/dead-letters?reasonCode=LEDGER.CONFLICT');
        return page.body.items.length > 0 ? page.body.items : undefined;
      },
      { timeoutMs: 60_000, description: 'the conflicting copy dead-lettered' },
    );
    expect(conflict).toHaveLength(1);
    const shown = await admin<DeadLetterDetail>('GET', `/v1/admin/dead-letters/${encodeURIComponent(conflict[0]!.eventId)}`);
    expect((JSON.parse(shown.body.originalValue) as { payload: { quantity: number } }).payload.quantity).toBe(400);
    expect(await onHand('OIL')).toBe(40);
    expect(await movementsRecorded('rcpt-OIL')).toBe(1);
  });
});
