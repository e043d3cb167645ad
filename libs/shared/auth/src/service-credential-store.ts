// A service's credentials in its own schema (service_credential). Looked up by key id for every
// request, without a cache: requests of one credential that arrive while its lookup is in flight
// share that lookup's answer (a till or an order system sends hundreds at once), and every
// request after it asks again, so a revocation holds once the lookups in flight when it
// committed have answered.
import type { DataSource } from 'typeorm';
import { isScope, type Scope } from './scopes';
import { generateServiceCredential } from './service-credential';

export interface ServiceCredentialRecord {
  keyId: string;
  label: string | null;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
}

export interface IssuedServiceCredential {
  keyId: string;
  /** Shown only in the answer to the issue; the service keeps its hash. */
  credential: string;
  label: string | null;
  scopes: Scope[];
}

export class UnknownScopeError extends Error {
  readonly code = 'AUTH.UNKNOWN_SCOPE';

  constructor(
    readonly scope: string,
    readonly allowed: readonly string[],
  ) {
    super(`scope ${scope} does not exist in this service; it knows ${allowed.join(', ')}`);
  }
}

interface CredentialRow {
  key_id: string;
  label: string | null;
  scopes: string[];
  secret_hash: string;
  created_at: Date;
  revoked_at: Date | null;
}

type FoundCredential = (ServiceCredentialRecord & { secretHash: string }) | undefined;

export class ServiceCredentialStore {
  /** Lookups in flight by key id, shared by the requests that arrive meanwhile. */
  private readonly lookups = new Map<string, Promise<FoundCredential>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    /** The scopes this service checks; issuing any other would make a credential that opens nothing. */
    readonly serviceScopes: readonly Scope[],
  ) {}

  async issue(scopes: readonly string[], label: string | null): Promise<IssuedServiceCredential> {
    const checked = [...new Set(scopes)].map((scope) => {
      if (!isScope(scope) || !this.serviceScopes.includes(scope)) throw new UnknownScopeError(scope, this.serviceScopes);
      return scope;
    });
    if (checked.length === 0) throw new UnknownScopeError('(none)', this.serviceScopes);
    const generated = generateServiceCredential();
    await this.dataSource.query(`INSERT INTO ${this.table} (key_id, label, scopes, secret_hash) VALUES ($1, $2, $3::text[], $4)`, [
      generated.keyId,
      label,
      checked,
      generated.secretHash,
    ]);
    return { keyId: generated.keyId, credential: generated.credential, label, scopes: checked };
  }

  /** True when the credential exists; revoking twice keeps the first revocation time. */
  async revoke(keyId: string): Promise<{ found: boolean }> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count] rather than the rows.
    const rows: Array<{ key_id: string }> = await this.dataSource.query(
      `WITH revoked AS (UPDATE ${this.table} SET revoked_at = COALESCE(revoked_at, now()) WHERE key_id = $1 RETURNING key_id)
       SELECT key_id FROM revoked`,
      [keyId],
    );
    // A lookup that began before the revocation committed answers no request that arrives after it here.
    this.lookups.delete(keyId);
    return { found: rows.length > 0 };
  }

  /** The credential with its secret's hash, for the guard; undefined when unknown. */
  find(keyId: string): Promise<FoundCredential> {
    const inFlight = this.lookups.get(keyId);
    if (inFlight) return inFlight;
    const lookup = this.read(keyId).finally(() => {
      if (this.lookups.get(keyId) === lookup) this.lookups.delete(keyId);
    });
    this.lookups.set(keyId, lookup);
    return lookup;
  }

  private async read(keyId: string): Promise<FoundCredential> {
    const rows: CredentialRow[] = await this.dataSource.query(
      `SELECT key_id, label, scopes, secret_hash, created_at, revoked_at FROM ${this.table} WHERE key_id = $1`,
      [keyId],
    );
    const row = rows[0];
    return row ? { ...toRecord(row), secretHash: row.secret_hash } : undefined;
  }

  async list(): Promise<ServiceCredentialRecord[]> {
    const rows: CredentialRow[] = await this.dataSource.query(
      `SELECT key_id, label, scopes, secret_hash, created_at, revoked_at FROM ${this.table} ORDER BY created_at, key_id`,
    );
    return rows.map(toRecord);
  }

  private get table(): string {
    return `"${this.schema}".service_credential`;
  }
}

function toRecord(row: CredentialRow): ServiceCredentialRecord {
  return {
    keyId: row.key_id,
    label: row.label,
    scopes: row.scopes.filter(isScope),
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}
