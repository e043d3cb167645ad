// The movement table becomes a table partitioned by month of recorded_at (the time the ledger
// applied the movement, never earlier than any movement before it by more than clock skew), so a
// closed month can be detached, archived and dropped while the live month takes every write
// (docs/operations/movement-partitions.md).
//
// In place: the existing table is not copied. It becomes the partition of everything recorded
// before the first day of the month after its last movement (of the current month when it is
// empty; movement_before_YYYY_MM), keeping
// every row, the movement_seq sequence (now owned by the partitioned table, so dropping an
// archived partition never drops it) and the append-only triggers. Its indexes are rebuilt with
// the partition key, so run this with the ledger stopped on a large ledger:
// - primary key (movement_seq, recorded_at): the relay still finds rows by movement_seq alone,
//   one probe per attached partition;
// - movement_one_version_per_key (sku, location_id, balance_version, recorded_at) with the same
//   INCLUDE columns: the version walks of as-of, history and the drift audit read it unchanged.
//   A key's version stays unique across partitions because the balance row is the point every
//   write to a key goes through (writeBatch checks the version it read).
// - movement_id is no longer unique in the movement table (a unique index of a partitioned table
//   must hold the partition key). applied_movement_id holds every movement id ever applied,
//   unpartitioned and never detached, written in the same statement as the movements; batchFacts
//   reads "already applied" from it, so a movement redelivered after its month was archived is
//   still applied once. It is append-only like the movements.
// - movement_carried_forward: per key, the totals of its archived movements, written only by the
//   detach command (as the schema owner); balances equal those plus the live movements.
// - create_movement_partitions(months): the months ahead created by the running ledger, which
//   acts as the writer role and owns no table: the function runs as the schema owner, can only
//   create monthly partitions from the current month on, and gives each its TRUNCATE trigger
//   (a statement trigger of the parent does not fire for a partition truncated by name).
// A DEFAULT partition takes any row no monthly partition covers, so a write never fails for
// lack of a partition.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ledgerWriterRole } from './1764100000000-least-privilege-writer';

export class PartitionedMovements1767000000000 implements MigrationInterface {
  name = 'PartitionedMovements1767000000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    const role = ledgerWriterRole(schema);
    const s = `"${schema}"`;
    const [{ bound, legacy }]: Array<{ bound: string; legacy: string }> = await runner.query(
      `SELECT to_char(b, 'YYYY-MM-DD') || ' 00:00:00+00' AS bound, 'movement_before_' || to_char(b, 'YYYY_MM') AS legacy
         FROM (SELECT date_trunc('month', COALESCE(max(recorded_at), now() - interval '1 month') AT TIME ZONE 'UTC') + interval '1 month' AS b
                 FROM ${s}.movement) t`,
    );

    await runner.query(`CREATE TABLE ${s}.applied_movement_id (movement_id text PRIMARY KEY)`);
    await runner.query(`INSERT INTO ${s}.applied_movement_id (movement_id) SELECT movement_id FROM ${s}.movement`);

    await runner.query(`ALTER TABLE ${s}.movement RENAME TO ${legacy}`);
    await runner.query(`
      ALTER TABLE ${s}.${legacy} DROP CONSTRAINT movement_movement_id_key, DROP CONSTRAINT movement_one_version_per_key,
        DROP CONSTRAINT movement_pkey`);
    await runner.query(`DROP TRIGGER movement_append_only ON ${s}.${legacy}`);
    await runner.query(`CREATE TABLE ${s}.movement (LIKE ${s}.${legacy} INCLUDING DEFAULTS) PARTITION BY RANGE (recorded_at)`);
    await runner.query(`
      ALTER TABLE ${s}.movement ADD CONSTRAINT movement_pkey PRIMARY KEY (movement_seq, recorded_at),
        ADD CONSTRAINT movement_one_version_per_key UNIQUE (sku, location_id, balance_version, recorded_at)
          INCLUDE (occurred_at, last_movement_at_after, quantity_delta)`);
    await runner.query(`ALTER SEQUENCE ${s}.movement_movement_seq_seq OWNED BY ${s}.movement.movement_seq`);
    await refuseChanges(runner, s, 'movement', 'movement', 'reject_movement_change');
    await runner.query(`ALTER TABLE ${s}.movement ATTACH PARTITION ${s}.${legacy} FOR VALUES FROM (MINVALUE) TO ('${bound}')`);
    await runner.query(`CREATE TABLE ${s}.movement_default PARTITION OF ${s}.movement DEFAULT`);
    // Row triggers of the table are cloned to each partition; its TRUNCATE trigger is not.
    await refuseChanges(runner, s, 'movement_default', 'movement', null);
    await refuseChanges(runner, s, 'applied_movement_id', 'applied_movement_id', 'reject_movement_change');
    await runner.query(`
      CREATE TABLE ${s}.movement_carried_forward (
        sku text NOT NULL,
        location_id text NOT NULL,
        on_hand bigint NOT NULL,
        in_transit bigint NOT NULL,
        on_order bigint NOT NULL,
        inventory_value numeric(24,4) NOT NULL,
        in_transit_value numeric(24,4) NOT NULL,
        cost_of_goods_sold numeric(24,4) NOT NULL,
        movements bigint NOT NULL,
        archived_through_version bigint NOT NULL,
        archived_occurred_through timestamptz NOT NULL,
        PRIMARY KEY (sku, location_id)
      )`);
    // Carried-forward totals grow by detaching more periods: an update, which its trigger refuses
    // unless the detach command says so for its own transaction.
    await runner.query(`
      CREATE FUNCTION ${s}.reject_carried_forward_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('ledger.detaching_period', true) = 'on' THEN RETURN NEW; END IF;
        RAISE EXCEPTION 'LEDGER.APPEND_ONLY: carried-forward totals change only by detaching a period'
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await refuseChanges(runner, s, 'movement_carried_forward', 'movement_carried_forward', 'reject_carried_forward_change');

    await runner.query(`
      CREATE TABLE ${s}.movement_archived_period (
        partition_name text PRIMARY KEY,
        range_from timestamptz,
        range_to timestamptz NOT NULL,
        movements bigint NOT NULL,
        first_movement_seq bigint,
        last_movement_seq bigint,
        detached_at timestamptz NOT NULL DEFAULT now(),
        detached_by text NOT NULL DEFAULT current_user
      )`);

    await runner.query(`
      CREATE FUNCTION ${s}.create_movement_partitions(months_ahead int) RETURNS int
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET lock_timeout = '2s' AS $$
      DECLARE
        month_start timestamp;
        partition text;
        created int := 0;
      BEGIN
        IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 24 THEN
          RAISE EXCEPTION 'LEDGER.PARTITIONS_AHEAD: months ahead must be between 0 and 24, got %', months_ahead;
        END IF;
        FOR i IN 0..months_ahead LOOP
          month_start := date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i);
          partition := 'movement_p' || to_char(month_start, 'YYYY_MM');
          CONTINUE WHEN to_regclass(format('%I.%I', '${schema}', partition)) IS NOT NULL;
          BEGIN
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.movement FOR VALUES FROM (%L) TO (%L)', '${schema}', partition, '${schema}',
                           month_start::text || '+00', (month_start + interval '1 month')::text || '+00');
          EXCEPTION
            WHEN invalid_object_definition THEN
              -- Overlaps a partition already there (the one the table was converted into): nothing to create.
              CONTINUE;
            WHEN check_violation THEN
              -- The DEFAULT partition already holds rows of this month: they have to be moved by
              -- hand (docs/operations/movement-partitions.md); the months after it are still created.
              RAISE WARNING 'LEDGER.MOVEMENTS_IN_DEFAULT_PARTITION: % not created, the DEFAULT partition holds rows of its month', partition;
              CONTINUE;
          END;
          EXECUTE format('CREATE TRIGGER movement_no_truncate BEFORE TRUNCATE ON %I.%I FOR EACH STATEMENT EXECUTE FUNCTION %I.reject_movement_change()',
                         '${schema}', partition, '${schema}');
          created := created + 1;
        END LOOP;
        RETURN created;
      END $$`);
    await runner.query(`REVOKE ALL ON FUNCTION ${s}.create_movement_partitions(int) FROM PUBLIC`);
    await runner.query(`GRANT EXECUTE ON FUNCTION ${s}.create_movement_partitions(int) TO "${role}"`);
    await runner.query(`SELECT ${s}.create_movement_partitions(2)`);

    await runner.query(`GRANT SELECT, INSERT ON ${s}.movement, ${s}.applied_movement_id TO "${role}"`);
    // movement_default read by name: the ledger checks that it stays empty.
    await runner.query(`GRANT SELECT ON ${s}.movement_carried_forward, ${s}.movement_archived_period, ${s}.movement_default TO "${role}"`);
    await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${s}.movement, ${s}.applied_movement_id, ${s}.movement_carried_forward FROM PUBLIC`);
    // The converted table keeps its old grants: reached by name, the writer may only read it.
    await runner.query(`REVOKE ALL ON ${s}.${legacy} FROM "${role}"`);
  }

  async down(): Promise<void> {
    throw new Error('LEDGER.IRREVERSIBLE: the partitioned movement table is not converted back (docs/operations/movement-partitions.md)');
  }
}

/**
 * `<prefix>_no_truncate` on the table and, given a row function, `<prefix>_append_only` before
 * each UPDATE or DELETE, both raising LEDGER.APPEND_ONLY.
 */
async function refuseChanges(runner: QueryRunner, schema: string, table: string, prefix: string, rowFunction: string | null): Promise<void> {
  if (rowFunction !== null) {
    await runner.query(`
      CREATE TRIGGER ${prefix}_append_only BEFORE UPDATE OR DELETE ON ${schema}.${table}
      FOR EACH ROW EXECUTE FUNCTION ${schema}.${rowFunction}()`);
  }
  await runner.query(`
    CREATE TRIGGER ${prefix}_no_truncate BEFORE TRUNCATE ON ${schema}.${table}
    FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.reject_movement_change()`);
}
