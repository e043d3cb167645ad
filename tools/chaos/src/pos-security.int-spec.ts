// pos-ingestion's front door against misuse, run as its own process: a store's key cannot post for
// another store, revoked, unknown and missing keys are refused, one flooding terminal is throttled
// while another terminal's key is not, bodies above the limit are refused, the security headers
// are set, and neither the admin key nor any issued key (nor its secret) ever reaches the logs.
import { startServiceProcess, type ServiceProcess } from '@ledgerline/testing';
import { ChaosRun } from './chaos-run';
import { CHAOS_ADMIN_API_KEY, ingestionEnvironment } from './pos-ingestion-process';
import { issueKey, postJson, tillTransaction } from './pos-till';

jest.setTimeout(90_000);

/** startServiceProcess keeps this many lines; the run must print fewer for the scan to see everything. */
const KEPT_OUTPUT_LINES = 400;

describe('chaos: pos-ingestion security', () => {
  let run: ChaosRun;
  let ingestion: ServiceProcess | undefined;

  beforeAll(async () => {
    run = await ChaosRun.open({ label: 'pos-security', partitions: 3 });
    ingestion = await startServiceProcess({
      name: 'pos-ingestion',
      entry: 'apps/pos-ingestion/src/main.ts',
      // Debug logging: the most the service would ever print.
      env: ingestionEnvironment(run, { LOG_LEVEL: 'debug', RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '10', HTTP_BODY_LIMIT: '16kb' }),
    });
  });

  afterAll(async () => {
    await ingestion?.stop().catch(() => undefined);
    await run?.close();
  });

  it('scopes, revokes and throttles keys, limits bodies, sets the headers and logs no secret', async () => {
    const service = ingestion!;
    const url = `${service.url}/v1/transactions`;
    const storeA = await issueKey(service.url, 'S-A', 'T01');
    const storeATerminal2 = await issueKey(service.url, 'S-A', 'T02');
    const storeB = await issueKey(service.url, 'S-B');
    const revoked = await issueKey(service.url, 'S-A');
    const issuedKeys = [storeA, storeATerminal2, storeB, revoked];
    let sequence = 0;
    const saleAt = (storeId: string, terminalId = 'T01') => ({ ...tillTransaction(storeId, `SEC-${(sequence += 1)}`, [{ sku: 'SKU-1', quantity: 1 }]), terminalId });

    // Store A's key, for store B: refused, whatever the key is good for otherwise.
    const crossStore = await postJson(url, saleAt('S-B'), storeA.apiKey);
    expect(crossStore).toMatchObject({ status: 403, body: { code: 'INTAKE.STORE_MISMATCH' } });
    const crossTerminal = await postJson(url, saleAt('S-A', 'T02'), storeA.apiKey);
    expect(crossTerminal).toMatchObject({ status: 403, body: { code: 'INTAKE.TERMINAL_MISMATCH' } });

    // Missing, malformed, unknown, wrong-secret and revoked keys: 401.
    expect(await postJson(url, saleAt('S-A'))).toMatchObject({ status: 401, body: { code: 'AUTH.MISSING_CREDENTIAL' } });
    const wrongSecret = `${storeA.apiKey.slice(0, -6)}AAAAAA`;
    for (const key of ['not-a-key', `pk_${storeB.keyId}x_${'A'.repeat(43)}`, wrongSecret]) {
      expect(await postJson(url, saleAt('S-A'), key)).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_CREDENTIAL' } });
    }
    expect((await postJson(url, saleAt('S-A'), revoked.apiKey)).status).toBe(202);
    const revocation = await fetch(`${service.url}/v1/admin/api-keys/${revoked.keyId}`, { method: 'DELETE', headers: { authorization: `Bearer ${CHAOS_ADMIN_API_KEY}` } });
    expect(revocation.status).toBe(204);
    expect(await postJson(url, saleAt('S-A'), revoked.apiKey)).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_CREDENTIAL' } });
    // A till's key is no admin key.
    expect((await postJson(`${service.url}/v1/admin/stores`, { storeId: 'S-EVIL' }, storeA.apiKey)).status).toBe(401);

    // Terminal 1 floods; terminal 2 of the same store is not held back by it.
    const flood = await Promise.all(Array.from({ length: 30 }, () => postJson(url, saleAt('S-A'), storeA.apiKey)));
    const throttled = flood.filter((answer) => answer.status === 429);
    expect(flood.filter((answer) => answer.status === 202).length).toBeLessThanOrEqual(10);
    expect(throttled.length).toBeGreaterThanOrEqual(20);
    expect(throttled[0]!.body['code']).toBe('AUTH.RATE_LIMITED');
    expect(Number(throttled[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await postJson(url, saleAt('S-A', 'T02'), storeATerminal2.apiKey)).toMatchObject({ status: 202, body: { status: 'accepted' } });

    // A body above HTTP_BODY_LIMIT (16 kB) never reaches the intake.
    const oversized = { ...saleAt('S-B'), attributes: { note: 'x'.repeat(20_000) } };
    expect(await postJson(url, oversized, storeB.apiKey)).toMatchObject({ status: 413, body: { code: 'HTTP.PAYLOAD_TOO_LARGE' } });

    // Security headers, on an answer and on a refusal.
    for (const answer of [await postJson(url, saleAt('S-B'), storeB.apiKey), crossStore]) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-security-policy') ?? answer.headers.get('x-frame-options')).toBeTruthy();
      expect(answer.headers.get('x-powered-by')).toBeNull();
    }

    // Nothing secret in anything the service printed.
    const output = service.outputTail(KEPT_OUTPUT_LINES);
    const lines = output.split('\n').length;
    expect(lines).toBeLessThan(KEPT_OUTPUT_LINES);
    expect(output).toContain('refused a POS credential');
    const secrets = [CHAOS_ADMIN_API_KEY, wrongSecret, ...issuedKeys.flatMap(({ apiKey }) => [apiKey, secretOf(apiKey)])];
    const leaked = secrets.filter((secret) => output.includes(secret));
    console.log(`[pos-security] ${lines} log lines scanned for ${secrets.length} secrets: ${leaked.length} found; flood: ${flood.length - throttled.length} taken, ${throttled.length} answered 429`);
    expect(leaked).toEqual([]);
  });
});

/** The secret part of `pk_<16 hex key id>_<secret>`; the secret itself may contain '_'. */
function secretOf(apiKey: string): string {
  const secret = /^pk_[0-9a-f]{16}_(.+)$/.exec(apiKey)?.[1];
  if (secret === undefined || secret.length < 32) throw new Error(`unexpected API key shape: ${apiKey.slice(0, 20)}...`);
  return secret;
}
