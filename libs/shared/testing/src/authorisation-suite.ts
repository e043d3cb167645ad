// The authorisation suite every service runs against itself: the routes are read from the
// application's router, so a route nobody listed fails the suite, and each listed route is tried
// with no credential, a malformed one, a revoked one and every credential that lacks its scope.
import type { INestApplication } from '@nestjs/common';
import { httpRoutesOf } from './http-routes';

/** A scope name as @ledgerline/auth spells it (kept as text: the auth library itself is tested with this one). */
type Scope = string;

/** What a route takes: 'open', 'own-guard' (its own credential, e.g. POS keys) or the scopes of which one is needed. */
export type RouteAccess = 'open' | 'own-guard' | readonly Scope[];

/**
 * The routes every service shares: health and metrics (open), and behind the admin scope the
 * admin API of its dead letters and of its credentials.
 */
export const SHARED_ROUTES: Readonly<Record<string, RouteAccess>> = {
  'GET /health/live': 'open',
  'GET /health/ready': 'open',
  'GET /metrics': 'open',
  'POST /v1/admin/credentials': ['admin'],
  'GET /v1/admin/credentials': ['admin'],
  'DELETE /v1/admin/credentials/:keyId': ['admin'],
};

export const DEAD_LETTER_ROUTES: Readonly<Record<string, RouteAccess>> = {
  'GET /v1/admin/dead-letters/reasons': ['admin'],
  'GET /v1/admin/dead-letters': ['admin'],
  'GET /v1/admin/dead-letters/:eventId': ['admin'],
  'POST /v1/admin/dead-letters/replay': ['admin'],
  'POST /v1/admin/dead-letters/:eventId/replay': ['admin'],
  'POST /v1/admin/dead-letters/:eventId/discard': ['admin'],
};

export interface AuthorisationSuiteInput {
  app: INestApplication;
  url: string;
  /** `METHOD /path/:param` of every route the service answers, with what it takes. */
  expected: Readonly<Record<string, RouteAccess>>;
  /** The configured admin key, used to issue the credentials tried. */
  adminApiKey: string;
  /** The scopes this service issues; one credential of each is tried on every route. */
  scopes: readonly Scope[];
}

export async function authorisationViolations(input: AuthorisationSuiteInput): Promise<string[]> {
  const violations: string[] = [];
  // The OpenAPI document and its viewer (/docs) are served beside the Nest routes and stay open:
  // they describe the API and hold no data.
  const routes = httpRoutesOf(input.app)
    .filter((route) => !/^\/docs\b/.test(route.path) && !route.path.startsWith('/docs-'))
    .map((route) => `${route.method} ${route.path}`);
  for (const route of routes) if (!(route in input.expected)) violations.push(`${route}: answered by the service but not listed in the suite`);
  for (const route of Object.keys(input.expected)) if (!routes.includes(route)) violations.push(`${route}: listed but not answered by the service`);

  const credentials = new Map<Scope, string>();
  for (const scope of input.scopes) credentials.set(scope, await issue(input, [scope]));
  const revoked = await issue(input, [...input.scopes]);
  const revocation = await call(input.url, 'DELETE', `/v1/admin/credentials/${revoked.split('_')[1]}`, input.adminApiKey);
  if (revocation.status !== 204) violations.push(`revoking a credential answered ${revocation.status}`);

  for (const [route, access] of Object.entries(input.expected)) {
    if (!routes.includes(route)) continue;
    const [method = 'GET', pattern = '/'] = route.split(' ');
    const path = pattern.replace(/:[A-Za-z]+/g, 'X');
    const expect = async (bearer: string | undefined, statuses: number[], code: string | null, what: string) => {
      const answer = await call(input.url, method, path, bearer);
      const codeMatches = code === null || answer.code === code;
      if (!statuses.includes(answer.status) || !codeMatches) violations.push(`${route} ${what}: answered ${answer.status} ${answer.code ?? ''}, expected ${statuses.join('/')} ${code ?? ''}`);
      return answer;
    };
    if (access === 'open') {
      const answer = await call(input.url, method, path, undefined);
      if (answer.status === 401 || answer.status === 403) violations.push(`${route} is meant to be open but answered ${answer.status}`);
      continue;
    }
    await expect(undefined, [401], 'AUTH.MISSING_CREDENTIAL', 'without a credential');
    await expect('sk_0000000000000000_' + 'A'.repeat(43), [401], 'AUTH.INVALID_CREDENTIAL', 'with an unknown credential');
    await expect('not-a-credential', [401], 'AUTH.INVALID_CREDENTIAL', 'with a malformed credential');
    if (access === 'own-guard') {
      for (const [scope, credential] of credentials) await expect(credential, [401], 'AUTH.INVALID_CREDENTIAL', `with a service credential of scope ${scope}`);
      continue;
    }
    await expect(revoked, [401], 'AUTH.INVALID_CREDENTIAL', 'with a revoked credential');
    for (const [scope, credential] of credentials) {
      if (access.includes(scope)) {
        const answer = await call(input.url, method, path, credential);
        if (answer.status === 401 || answer.status === 403) violations.push(`${route} with scope ${scope}: refused (${answer.status} ${answer.code ?? ''})`);
      } else {
        const answer = await expect(credential, [403], 'AUTH.FORBIDDEN', `with scope ${scope} only`);
        if (answer.status === 403 && !access.every((needed) => answer.message.includes(needed))) violations.push(`${route}: the 403 does not name the scope needed (${answer.message})`);
      }
    }
  }
  return violations;
}

function issue(input: AuthorisationSuiteInput, scopes: Scope[]): Promise<string> {
  return issueCredential(input.url, input.adminApiKey, scopes, 'authorisation suite');
}

/** Issues a credential of the service at `url` through its admin API; answers the credential itself. */
export async function issueCredential(url: string, adminApiKey: string, scopes: readonly Scope[], label = 'test'): Promise<string> {
  const response = await fetch(`${url}/v1/admin/credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminApiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ scopes, label }),
  });
  const body = (await response.json()) as { credential?: string };
  if (response.status !== 201 || body.credential === undefined) throw new Error(`issuing a credential of ${scopes.join(', ')} answered ${response.status}`);
  return body.credential;
}

async function call(url: string, method: string, path: string, bearer: string | undefined): Promise<{ status: number; code?: string; message: string }> {
  const headers: Record<string, string> = bearer === undefined ? {} : { authorization: `Bearer ${bearer}` };
  const withBody = method !== 'GET' && method !== 'DELETE';
  const response = await fetch(`${url}${path}`, withBody ? { method, headers: { ...headers, 'content-type': 'application/json' }, body: '{}' } : { method, headers });
  // A server-sent event stream that was let through never ends: its status says enough.
  if (response.ok && response.headers.get('content-type')?.startsWith('text/event-stream')) {
    await response.body?.cancel();
    return { status: response.status, message: '' };
  }
  const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  return { status: response.status, code: body.code, message: body.message ?? '' };
}
