// pos-ingestion's tables in its own schema (pos_ingestion by default).
//   store            stores allowed to post; a transaction of an unknown store is refused.
//   api_key          POS credentials: bound to a store and optionally one terminal; only the
//                    SHA-256 of the secret is kept; revoked keys stay for the audit trail.
//   pos_transaction  every transaction taken in, keyed by (store_id, transaction_id): the unique
//                    key is the idempotency check across restarts and instances. published_at
//                    stays NULL until Kafka acknowledged its movements, so a crash in between is
//                    repaired by the republisher. A void waits as 'pending-original' until its
//                    original arrives; at most one live void per original.
//   rejection        the most recent refusals (bounded), for operations.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePosIngestion1764100000000 implements MigrationInterface {
  name = 'CreatePosIngestion1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    await runner.query(`
      CREATE TABLE "${schema}".store (
        store_id text PRIMARY KEY,
        name text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE "${schema}".api_key (
        key_id text PRIMARY KEY,
        store_id text NOT NULL REFERENCES "${schema}".store (store_id),
        terminal_id text,
        label text,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await runner.query(`CREATE INDEX api_key_by_store ON "${schema}".api_key (store_id)`);
    await runner.query(`
      CREATE TABLE "${schema}".pos_transaction (
        store_id text NOT NULL,
        transaction_id text NOT NULL,
        intake_seq bigserial NOT NULL,
        type text NOT NULL CHECK (type IN ('sale', 'return', 'void')),
        voids_transaction_id text,
        fingerprint text NOT NULL,
        body jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('accepted', 'pending-original', 'rejected')),
        movement_ids text[],
        rejection_code text,
        rejection_path text,
        rejection_reason text,
        channel text NOT NULL CHECK (channel IN ('http', 'kafka')),
        received_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        PRIMARY KEY (store_id, transaction_id),
        CHECK ((type = 'void') = (voids_transaction_id IS NOT NULL))
      )`);
    await runner.query(`
      CREATE INDEX pos_transaction_unpublished ON "${schema}".pos_transaction (received_at)
        WHERE published_at IS NULL AND status = 'accepted'`);
    await runner.query(`
      CREATE UNIQUE INDEX pos_transaction_one_live_void ON "${schema}".pos_transaction (store_id, voids_transaction_id)
        WHERE type = 'void' AND status <> 'rejected'`);
    await runner.query(`
      CREATE TABLE "${schema}".rejection (
        rejection_id bigserial PRIMARY KEY,
        channel text NOT NULL,
        store_id text,
        transaction_id text,
        code text NOT NULL,
        path text NOT NULL,
        reason text NOT NULL,
        rejected_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'pos_ingestion';
    for (const table of ['rejection', 'pos_transaction', 'api_key', 'store']) {
      await runner.query(`DROP TABLE IF EXISTS "${schema}".${table}`);
    }
  }
}
