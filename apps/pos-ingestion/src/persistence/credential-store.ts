// Stores and their POS credentials. Keys are looked up by their public id and checked against
// the stored hash by the caller (ApiKeyGuard); the secret itself never reaches the database.
import type { DataSource } from 'typeorm';
import { generateApiKey } from '../auth/api-key';

export interface StoreRecord {
  storeId: string;
  name: string | null;
  createdAt: string;
}

/** What a store-bound key opens: POS transactions (a till) or the movements of its store (staff). */
export type ApiKeyPurpose = 'till' | 'store-operations';
export const API_KEY_PURPOSES: readonly ApiKeyPurpose[] = ['till', 'store-operations'];

export interface ApiKeyRecord {
  keyId: string;
  storeId: string;
  terminalId: string | null;
  label: string | null;
  purpose: ApiKeyPurpose;
  secretHash: string;
  revokedAt: string | null;
}

export interface IssuedCredential {
  keyId: string;
  apiKey: string;
  storeId: string;
  terminalId: string | null;
  purpose: ApiKeyPurpose;
}

export class UnknownStoreError extends Error {
  readonly code = 'ADMIN.UNKNOWN_STORE';

  constructor(readonly storeId: string) {
    super(`storeId ${storeId} is not a registered store: register it first (POST /v1/admin/stores)`);
  }
}

export class CredentialStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  /** Registers a store; `created` is false when it existed (the name is then left as it was). */
  async registerStore(storeId: string, name: string | null): Promise<{ store: StoreRecord; created: boolean }> {
    const inserted: StoreRow[] = await this.dataSource.query(
      `INSERT INTO ${this.t('store')} (store_id, name) VALUES ($1, $2) ON CONFLICT (store_id) DO NOTHING
       RETURNING store_id, name, created_at`,
      [storeId, name],
    );
    if (inserted[0]) return { store: toStore(inserted[0]), created: true };
    const [existing]: StoreRow[] = await this.dataSource.query(`SELECT store_id, name, created_at FROM ${this.t('store')} WHERE store_id = $1`, [storeId]);
    if (!existing) throw new Error(`store ${storeId} neither inserted nor found`);
    return { store: toStore(existing), created: false };
  }

  async listStores(): Promise<StoreRecord[]> {
    const rows: StoreRow[] = await this.dataSource.query(`SELECT store_id, name, created_at FROM ${this.t('store')} ORDER BY store_id`);
    return rows.map(toStore);
  }

  async knownStores(storeIds: readonly string[]): Promise<Set<string>> {
    if (storeIds.length === 0) return new Set();
    const rows: Array<{ store_id: string }> = await this.dataSource.query(
      `SELECT store_id FROM ${this.t('store')} WHERE store_id = ANY($1::text[])`,
      [storeIds],
    );
    return new Set(rows.map((row) => row.store_id));
  }

  async issueKey(storeId: string, terminalId: string | null, label: string | null, purpose: ApiKeyPurpose = 'till'): Promise<IssuedCredential> {
    const issued = generateApiKey();
    const rows: Array<{ key_id: string }> = await this.dataSource.query(
      `INSERT INTO ${this.t('api_key')} (key_id, store_id, terminal_id, label, secret_hash, purpose)
       SELECT $1, store_id, $3, $4, $5, $6 FROM ${this.t('store')} WHERE store_id = $2
       RETURNING key_id`,
      [issued.keyId, storeId, terminalId, label, issued.secretHash, purpose],
    );
    if (rows.length === 0) throw new UnknownStoreError(storeId);
    return { keyId: issued.keyId, apiKey: issued.apiKey, storeId, terminalId, purpose };
  }

  /** True when the key existed and was live; revoking twice is harmless. */
  async revokeKey(keyId: string): Promise<{ found: boolean }> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count] rather than the rows.
    const rows: Array<{ key_id: string }> = await this.dataSource.query(
      `WITH revoked AS (UPDATE ${this.t('api_key')} SET revoked_at = COALESCE(revoked_at, now()) WHERE key_id = $1 RETURNING key_id)
       SELECT key_id FROM revoked`,
      [keyId],
    );
    return { found: rows.length > 0 };
  }

  async findKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    const rows: Array<{ key_id: string; store_id: string; terminal_id: string | null; label: string | null; purpose: ApiKeyPurpose; secret_hash: string; revoked_at: Date | null }> =
      await this.dataSource.query(
        `SELECT key_id, store_id, terminal_id, label, purpose, secret_hash, revoked_at FROM ${this.t('api_key')} WHERE key_id = $1`,
        [keyId],
      );
    const row = rows[0];
    if (!row) return undefined;
    return {
      keyId: row.key_id,
      storeId: row.store_id,
      terminalId: row.terminal_id,
      label: row.label,
      purpose: row.purpose,
      secretHash: row.secret_hash,
      revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
    };
  }

  async listKeys(storeId?: string): Promise<Array<Omit<ApiKeyRecord, 'secretHash'> & { createdAt: string }>> {
    const rows: Array<{ key_id: string; store_id: string; terminal_id: string | null; label: string | null; purpose: ApiKeyPurpose; created_at: Date; revoked_at: Date | null }> =
      await this.dataSource.query(
        `SELECT key_id, store_id, terminal_id, label, purpose, created_at, revoked_at FROM ${this.t('api_key')}
          WHERE ($1::text IS NULL OR store_id = $1) ORDER BY created_at, key_id`,
        [storeId ?? null],
      );
    return rows.map((row) => ({
      keyId: row.key_id,
      storeId: row.store_id,
      terminalId: row.terminal_id,
      label: row.label,
      purpose: row.purpose,
      createdAt: row.created_at.toISOString(),
      revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
    }));
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }
}

interface StoreRow {
  store_id: string;
  name: string | null;
  created_at: Date;
}

function toStore(row: StoreRow): StoreRecord {
  return { storeId: row.store_id, name: row.name, createdAt: row.created_at.toISOString() };
}
