// The access guard in a small Nest application against a real credential table: a route without
// an access rule is closed, open routes stay open, scopes and rate limits are enforced, and a
// revoked credential fails on its next request.
import { Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openOwnerDatabase } from '@ledgerline/runtime';
import { createTestDatabase, type TestDatabase } from '@ledgerline/testing';
import { OpenRoute, RateLimit, RequireScope } from './access-rules';
import { ServiceCredentialsMigration } from './credential-tables';
import { SCOPES } from './scopes';
import { serviceAccessProviders } from './service-access';
import { ServiceCredentialStore } from './service-credential-store';

class ServiceCredentials1767400000000 extends ServiceCredentialsMigration {
  name = 'ServiceCredentials1767400000000';
}

@Controller('t')
class ExampleController {
  @Get('forgotten')
  forgotten() {
    return { reached: true };
  }

  @Get('open')
  @OpenRoute()
  open() {
    return { reached: true };
  }

  @Get('stock')
  @RequireScope(SCOPES.stockRead)
  stock() {
    return { reached: true };
  }

  @Post('expensive')
  @RequireScope(SCOPES.stockRead)
  @RateLimit('expensive')
  expensive() {
    return { reached: true };
  }
}

const ADMIN_API_KEY = 'guard-test-admin-key-0123456789';

describe('AccessGuard', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  let url: string;
  let store: ServiceCredentialStore;

  beforeAll(async () => {
    database = await createTestDatabase('access-guard');
    dataSource = await openOwnerDatabase({ url: database.url, ownerUrl: database.url, schema: 'guarded', entities: [], migrations: [ServiceCredentials1767400000000] });
    @Module({
      controllers: [ExampleController],
      providers: [
        { provide: DataSource, useValue: dataSource },
        ...serviceAccessProviders({ schema: 'guarded', scopes: [SCOPES.stockRead, SCOPES.admin], adminApiKey: ADMIN_API_KEY, rateLimits: { expensive: { perSecond: 0.001, burst: 1 } } }),
      ],
    })
    class ExampleModule {}
    app = await NestFactory.create(ExampleModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    store = app.get(ServiceCredentialStore);
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const get = async (path: string, credential?: string, method = 'GET') => {
    const response = await fetch(`${url}${path}`, { method, headers: credential ? { authorization: `Bearer ${credential}` } : {} });
    return { status: response.status, body: (await response.json()) as { code?: string; requiredScopes?: string[] }, headers: response.headers };
  };

  it('closes a route that declares no access rule, even to the admin key', async () => {
    expect(await get('/t/forgotten', ADMIN_API_KEY)).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
  });

  it('leaves open routes open and checks scopes on the others', async () => {
    const reader = await store.issue(['stock:read'], 'reader');
    const admin = await store.issue(['admin'], 'admin');
    expect((await get('/t/open')).status).toBe(200);
    const missing = await get('/t/stock');
    expect(missing).toMatchObject({ status: 401, body: { code: 'AUTH.MISSING_CREDENTIAL' } });
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await get('/t/stock', reader.credential)).toMatchObject({ status: 200, body: { reached: true } });
    expect(await get('/t/stock', admin.credential)).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN', requiredScopes: ['stock:read'] } });
    expect(await get('/t/stock', ADMIN_API_KEY)).toMatchObject({ status: 403 });
    expect(await get('/t/stock', `${reader.credential.slice(0, -1)}x`)).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_CREDENTIAL' } });
  });

  it('refuses a revoked credential on its next request', async () => {
    const reader = await store.issue(['stock:read'], 'revoked soon');
    expect((await get('/t/stock', reader.credential)).status).toBe(200);
    await store.revoke(reader.keyId);
    expect(await get('/t/stock', reader.credential)).toMatchObject({ status: 401, body: { code: 'AUTH.INVALID_CREDENTIAL' } });
  });

  it('answers the requests of one credential that arrive together from one lookup, and asks again after it', async () => {
    const reader = await store.issue(['stock:read'], 'busy till');
    const queries = jest.spyOn(dataSource, 'query');
    try {
      const together = await Promise.all(Array.from({ length: 20 }, () => store.find(reader.keyId)));
      expect(new Set(together)).toEqual(new Set([together[0]]));
      expect(together[0]).toMatchObject({ keyId: reader.keyId, revokedAt: null });
      expect(queries).toHaveBeenCalledTimes(1);
      // In flight while the credential is revoked here: the lookups after the revocation ask again.
      const before = store.find(reader.keyId);
      await store.revoke(reader.keyId);
      const after = await store.find(reader.keyId);
      expect(after?.revokedAt).not.toBeNull();
      await before;
      expect(queries).toHaveBeenCalledTimes(4);
    } finally {
      queries.mockRestore();
    }
  });

  it('rate-limits a route per credential, with Retry-After', async () => {
    const [first, second] = [await store.issue(['stock:read'], 'a'), await store.issue(['stock:read'], 'b')];
    expect((await get('/t/expensive', first.credential, 'POST')).status).toBe(201);
    const limited = await get('/t/expensive', first.credential, 'POST');
    expect(limited).toMatchObject({ status: 429, body: { code: 'AUTH.RATE_LIMITED' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await get('/t/expensive', second.credential, 'POST')).status).toBe(201);
  });

  it('keeps only the hash of a secret', async () => {
    const issued = await store.issue(['stock:read'], 'stored');
    const secret = issued.credential.split('_').slice(2).join('_');
    const rows: Array<{ row: string }> = await dataSource.query(`SELECT row_to_json(c)::text AS row FROM guarded.service_credential c`);
    expect(rows.some((row) => row.row.includes(secret))).toBe(false);
    expect(JSON.stringify(await store.list())).not.toContain(secret);
  });
});
