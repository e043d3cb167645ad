// What a service's own login role may do in its schema, declared per table in one list and applied
// by the migrate step, as the schema's owner, after every migration run. The running service
// connects as that login role (the user of its DATABASE_URL) and owns nothing, so no SQL it sends
// (RESET ROLE, SET ROLE, ALTER, DROP, TRUNCATE, DISABLE TRIGGER...) can give it more.
//
// The list is the whole truth: every grant the role held in the schema is revoked first, and a
// table the list does not name stops the migration, so a new table is a decision and never an
// accident (grant nothing with an empty list).
import type { QueryRunner } from 'typeorm';

/** A table privilege, or UPDATE of named columns only: `UPDATE (status, published_at)`. */
export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | `UPDATE (${string})`;

export interface ServiceGrants {
  /** Every table, partitioned table and view of the schema (partitions excepted): what the service may do to it. */
  tables: Readonly<Record<string, readonly TablePrivilege[]>>;
  /** Functions of the schema the service calls, with their argument types, e.g. `create_movement_partitions(int)`. */
  functions?: readonly string[];
}

export class DatabaseSetupError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseSetupError';
  }
}

const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const PRIVILEGE = /^(SELECT|INSERT|UPDATE|DELETE|UPDATE \([a-z_][a-z0-9_]*(, [a-z_][a-z0-9_]*)*\))$/;

/** The login role a service connects as: the user named by its DATABASE_URL. */
export function loginRoleOf(url: string): { role: string; password: string | undefined } {
  const parsed = new URL(url);
  const role = decodeURIComponent(parsed.username);
  if (!SQL_IDENTIFIER.test(role)) {
    throw new DatabaseSetupError('DATABASE.ROLE_NAME', `DATABASE_URL must name the service's login role as a lowercase SQL identifier, got "${role}"`);
  }
  return { role, password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password) };
}

/**
 * Creates the login role when it is missing (with the password its URL gives, or none for a
 * trust-authenticated development server) and makes its privileges in the schema exactly the
 * list's. Runs as the schema owner, which needs CREATEROLE only when the role is missing.
 */
export async function applyServiceGrants(runner: QueryRunner, schema: string, grants: ServiceGrants, serviceUrl: string): Promise<void> {
  const { role, password } = loginRoleOf(serviceUrl);
  await assertEveryTableListed(runner, schema, grants);
  await ensureLoginRole(runner, role, password);
  const s = `"${schema}"`;
  const r = `"${role}"`;
  await runner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${s} FROM ${r}`);
  await runner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${s} FROM ${r}`);
  await runner.query(`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${s} FROM ${r}`);
  await runner.query(`REVOKE ALL ON SCHEMA ${s} FROM ${r}`);
  await runner.query(`GRANT USAGE ON SCHEMA ${s} TO ${r}`);
  for (const [table, privileges] of Object.entries(grants.tables)) {
    const unknown = privileges.filter((privilege) => !PRIVILEGE.test(privilege));
    if (!SQL_IDENTIFIER.test(table) || unknown.length > 0) throw new DatabaseSetupError('DATABASE.GRANT_LIST', `grant list entry ${table}: ${privileges.join(', ')} is not valid`);
    if (privileges.length > 0) await runner.query(`GRANT ${privileges.join(', ')} ON ${s}."${table}" TO ${r}`);
  }
  // nextval for the identity and serial columns of the tables it inserts into; setval needs UPDATE, not granted.
  await runner.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`);
  for (const fn of grants.functions ?? []) {
    if (!/^[a-z_][a-z0-9_]*\([a-z0-9_, ]*\)$/.test(fn)) throw new DatabaseSetupError('DATABASE.GRANT_LIST', `grant list function ${fn} is not valid`);
    await runner.query(`GRANT EXECUTE ON FUNCTION ${s}.${fn} TO ${r}`);
  }
}

async function ensureLoginRole(runner: QueryRunner, role: string, password: string | undefined): Promise<void> {
  const existing: unknown[] = await runner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (existing.length > 0) return;
  // The password travels as a session setting read inside the statement, so that a failing
  // statement (which the driver logs) never carries it.
  await runner.query(`SELECT set_config('ledgerline.new_role_password', $1, false)`, [password ?? '']);
  try {
    await runner.query(`
      DO $$ BEGIN
        IF current_setting('ledgerline.new_role_password') = '' THEN
          EXECUTE format('CREATE ROLE %I LOGIN NOINHERIT', '${role}');
        ELSE
          EXECUTE format('CREATE ROLE %I LOGIN NOINHERIT PASSWORD %L', '${role}', current_setting('ledgerline.new_role_password'));
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END $$`);
  } catch (error) {
    throw new DatabaseSetupError(
      'DATABASE.ROLE_MISSING',
      `login role "${role}" does not exist and the migrating user cannot create it (${error instanceof Error ? error.message : String(error)}): create it, or migrate as a user with CREATEROLE`,
    );
  } finally {
    await runner.query(`SELECT set_config('ledgerline.new_role_password', '', false)`);
  }
}

async function assertEveryTableListed(runner: QueryRunner, schema: string, grants: ServiceGrants): Promise<void> {
  const rows: { name: string }[] = await runner.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition ORDER BY 1`,
    [schema],
  );
  const unlisted = rows.map((row) => row.name).filter((name) => !Object.hasOwn(grants.tables, name));
  if (unlisted.length > 0) {
    throw new DatabaseSetupError(
      'DATABASE.UNLISTED_TABLE',
      `schema ${schema} has tables its service's grant list does not name: ${unlisted.join(', ')} (add each with the privileges the service needs, [] for none)`,
    );
  }
}

/**
 * Refuses a connection that could change history whatever SQL it sends: a superuser, a role that
 * may create roles (and so grant itself the owner's), or a member of the schema owner's role.
 */
export async function assertLeastPrivilegeConnection(query: (sql: string, parameters: unknown[]) => Promise<unknown[]>, schema: string): Promise<void> {
  const rows = (await query(
    `SELECT r.rolname AS role, r.rolsuper AS superuser, r.rolcreaterole AS createrole, r.rolbypassrls AS bypassrls,
            n.nspowner IS NOT NULL AND pg_has_role(r.oid, n.nspowner, 'MEMBER') AS owner
       FROM pg_roles r LEFT JOIN pg_namespace n ON n.nspname = $1
      WHERE r.rolname = current_user`,
    [schema],
  )) as { role: string; superuser: boolean; createrole: boolean; bypassrls: boolean; owner: boolean }[];
  const row = rows[0];
  if (row === undefined) throw new DatabaseSetupError('DATABASE.ROLE_TOO_POWERFUL', 'cannot read the connected role');
  const powers = [row.superuser && 'SUPERUSER', row.createrole && 'CREATEROLE', row.bypassrls && 'BYPASSRLS', row.owner && `membership of schema ${schema}'s owner`].filter(Boolean);
  if (powers.length > 0) {
    throw new DatabaseSetupError(
      'DATABASE.ROLE_TOO_POWERFUL',
      `DATABASE_URL connects as "${row.role}", which holds ${powers.join(', ')}: the service must connect as its own login role and migrate with DATABASE_OWNER_URL`,
    );
  }
}
