// Closed accounting periods (docs/valuation.md, "Closed periods"):
//   - ledger_period: one row, the day the books are closed through (NULL: never closed);
//   - period_close: every close, who made it, when and why (only added to);
//   - closed_period_figure: the period report's figures of the days each close closed, as they
//     stood at the close, so the history checker can prove that no figure of a closed day changed;
//   - movement.posting_day: the day a movement's figures were booked on, where that is not its
//     business day (a movement dated in a closed period is booked on the first open day); NULL
//     for every other movement, so existing rows need no rewrite (adding a nullable column
//     without a default only changes the catalog);
//   - closed_through_for_write(): the closed-through day as a writer must see it. It takes the
//     shared form of the period's transaction-level advisory lock (a close takes the exclusive
//     form), then reads the row. Being VOLATILE, its read takes a snapshot of its own, after the
//     lock: a statement whose snapshot was taken before a close committed still sees that close
//     once it holds the lock. Every transaction that writes per-day figures calls it, so it
//     either commits before a close reads the closed days or sees the new closed-through day;
//   - lock_periods_for_close(): the exclusive form, taken by a close before it reads anything: it
//     waits for the writers holding the shared form to commit;
//   - require_closed_through(read): raises LL003 when the day is no longer the one the batch
//     planned with (a close committed in between): the batch is planned again.
// The lock's key is the oid of the ledger_period table, so two ledger schemas in one database
// never share it.
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The advisory lock a close takes exclusively and every writer of per-day figures shares (SQL). */
function periodLockKey(schema: string): string {
  return `'"${schema}".ledger_period'::regclass::oid::bigint`;
}

export class ClosedPeriods1769900000000 implements MigrationInterface {
  name = 'ClosedPeriods1769900000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = runner.connection.driver.schema ?? 'inventory_ledger';
    const s = `"${schema}"`;
    await runner.query(`
      CREATE TABLE ${s}.ledger_period (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        closed_through date
      )`);
    await runner.query(`INSERT INTO ${s}.ledger_period (only_row, closed_through) VALUES (true, NULL)`);
    await runner.query(`
      CREATE TABLE ${s}.period_close (
        close_seq bigserial PRIMARY KEY,
        through date NOT NULL,
        previous_through date,
        reason text NOT NULL,
        closed_by text NOT NULL,
        closed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE ${s}.closed_period_figure (
        close_seq bigint NOT NULL REFERENCES ${s}.period_close (close_seq),
        day date NOT NULL,
        location_id text NOT NULL,
        measure text NOT NULL,
        reason_code text,
        quantity bigint,
        value numeric(24,4) NOT NULL,
        movements bigint
      )`);
    await runner.query(`CREATE INDEX closed_period_figure_by_day ON ${s}.closed_period_figure (day)`);
    await runner.query(`ALTER TABLE ${s}.movement ADD COLUMN posting_day date`);
    await runner.query(`
      CREATE OR REPLACE FUNCTION ${s}.closed_through_for_write() RETURNS date
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        closed date;
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(${periodLockKey(schema)});
        SELECT closed_through INTO closed FROM ${s}.ledger_period;
        RETURN closed;
      END $$`);
    await runner.query(`
      CREATE OR REPLACE FUNCTION ${s}.lock_periods_for_close() RETURNS void
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(${periodLockKey(schema)});
      END $$`);
    await runner.query(`
      CREATE OR REPLACE FUNCTION ${s}.require_closed_through(read date) RETURNS date
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        now_closed date := ${s}.closed_through_for_write();
      BEGIN
        IF now_closed IS DISTINCT FROM read THEN
          RAISE EXCEPTION USING
            ERRCODE = 'LL003',
            MESSAGE = format('the books were closed through %s since the batch read %s', now_closed, coalesce(read::text, 'no close'));
        END IF;
        RETURN now_closed;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = `"${runner.connection.driver.schema ?? 'inventory_ledger'}"`;
    await runner.query(`DROP FUNCTION IF EXISTS ${s}.require_closed_through(date)`);
    await runner.query(`DROP FUNCTION IF EXISTS ${s}.closed_through_for_write()`);
    await runner.query(`DROP FUNCTION IF EXISTS ${s}.lock_periods_for_close()`);
    await runner.query(`ALTER TABLE ${s}.movement DROP COLUMN IF EXISTS posting_day`);
    await runner.query(`DROP TABLE IF EXISTS ${s}.closed_period_figure`);
    await runner.query(`DROP TABLE IF EXISTS ${s}.period_close`);
    await runner.query(`DROP TABLE IF EXISTS ${s}.ledger_period`);
  }
}
