// The credentials the bench reads the services with, issued through each service's admin API with
// the bench's configured admin key. A checkout from before service credentials (an older ledger
// compared with --ledger-checkout) has no such API and reads openly: no header then.

/** The admin key every service the bench starts is configured with. */
export const BENCH_ADMIN_API_KEY = 'bench-admin-key-0123456789abcdefghij';

export type RequestHeaders = Record<string, string>;

export async function benchCredentialHeaders(serviceUrl: string, scopes: readonly string[]): Promise<RequestHeaders> {
  const response = await fetch(new URL('/v1/admin/credentials', serviceUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_ADMIN_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ scopes, label: 'bench' }),
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status === 404) return {};
  const body = (await response.json()) as { credential?: string };
  if (response.status !== 201 || body.credential === undefined) throw new Error(`${serviceUrl} refused to issue a bench credential of ${scopes.join(', ')}: HTTP ${response.status}`);
  return { authorization: `Bearer ${body.credential}` };
}
