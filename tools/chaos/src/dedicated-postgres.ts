// A PostgreSQL server of its own for a fault that takes the server down: a throw-away cluster
// made with the machine's initdb on a free port, its data under /tmp, stopped and deleted
// afterwards. The shared server on 5432 is never touched; other suites use it at the same time.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { waitFor } from '@ledgerline/testing';
import { freePort } from './ledger-process';

const run = promisify(execFile);
const POSTGRESQL_ROOT = '/usr/lib/postgresql';
/** initdb refuses to run as root; as root, the cluster belongs to this OS user instead. */
const SERVER_OS_USER = 'postgres';

export class DedicatedPostgres {
  private constructor(
    readonly port: number,
    private readonly binDir: string,
    /** Holds the cluster (`data/`) and the server's log; everything under it is deleted at the end. */
    private readonly rootDir: string,
    private readonly runAsServerUser: boolean,
  ) {}

  static async start(label: string): Promise<DedicatedPostgres> {
    const binDir = await serverBinaries();
    const runAsServerUser = process.getuid?.() === 0;
    const rootDir = await mkdtemp(join('/tmp', `ledgerline-pg-${label}-`));
    const server = new DedicatedPostgres(await freePort(), binDir, rootDir, runAsServerUser);
    try {
      if (runAsServerUser) {
        const [uid, gid] = await Promise.all([osId('-u'), osId('-g')]);
        await chown(rootDir, uid, gid);
      }
      await server.tool('initdb', ['-D', server.dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=trust', '-E', 'UTF8', '--no-sync']);
      // Appending keeps the file's owner; the server reads the last occurrence of each setting.
      await appendFile(
        join(server.dataDir, 'postgresql.conf'),
        [
          '',
          `port = ${server.port}`,
          "listen_addresses = '127.0.0.1'",
          `unix_socket_directories = '${server.dataDir}'`,
          'shared_buffers = 16MB',
          'max_connections = 60',
          '',
        ].join('\n'),
      );
      await server.tool('pg_ctl', ['start', '-D', server.dataDir, '-l', server.logFile, '-w', '-t', '60']);
      await server.waitUntilAccepting();
    } catch (error) {
      await server.remove();
      throw error;
    }
    return server;
  }

  /** The superuser on the maintenance database, for creating the scenario's database. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get logFile(): string {
    return join(this.rootDir, 'server.log');
  }

  private get dataDir(): string {
    return join(this.rootDir, 'data');
  }

  /**
   * A crash-style restart: `-m immediate` quits every backend without a checkpoint, aborting the
   * transactions in flight, and the server runs crash recovery from its WAL on the way back up.
   * Resolves once it accepts connections again.
   */
  async restart(): Promise<void> {
    await this.tool('pg_ctl', ['restart', '-D', this.dataDir, '-l', this.logFile, '-m', 'immediate', '-w', '-t', '60']);
    await this.waitUntilAccepting();
  }

  /** Stops the server without ceremony and deletes its files; safe to call more than once. */
  async remove(): Promise<void> {
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) {
      await this.tool('pg_ctl', ['stop', '-D', this.dataDir, '-m', 'immediate', '-w', '-t', '30']).catch(() => undefined);
    }
    await rm(this.rootDir, { recursive: true, force: true });
  }

  private async waitUntilAccepting(): Promise<void> {
    await waitFor(
      async () => {
        const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 2_000 });
        client.on('error', () => undefined);
        try {
          await client.connect();
          await client.query('SELECT 1');
          return true;
        } catch {
          return undefined;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      { timeoutMs: 60_000, intervalMs: 100, description: `the dedicated PostgreSQL on port ${this.port} to accept connections` },
    );
  }

  private async tool(name: 'initdb' | 'pg_ctl', args: string[]): Promise<void> {
    const binary = join(this.binDir, name);
    const [command, commandArgs] = this.runAsServerUser ? ['runuser', ['-u', SERVER_OS_USER, '--', binary, ...args]] : [binary, args];
    try {
      // From the cluster's own directory: the server's OS user may not be allowed into the caller's.
      await run(command, commandArgs, { cwd: this.rootDir, timeout: 90_000 });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`${name} ${args[0]} failed: ${(error as Error).message}\n${stdout}${stderr}`.trim());
    }
  }
}

/** The bin directory of the newest PostgreSQL installed under /usr/lib/postgresql. */
async function serverBinaries(): Promise<string> {
  const versions = await readdir(POSTGRESQL_ROOT).catch(() => [] as string[]);
  const usable = versions
    .filter((version) => /^\d+(\.\d+)?$/.test(version))
    .sort((left, right) => Number(right) - Number(left))
    .map((version) => join(POSTGRESQL_ROOT, version, 'bin'))
    .filter((binDir) => ['initdb', 'pg_ctl', 'postgres'].every((binary) => existsSync(join(binDir, binary))));
  if (usable.length === 0) {
    throw new Error(
      `No PostgreSQL server binaries (initdb, pg_ctl, postgres) under ${POSTGRESQL_ROOT}/<version>/bin: ` +
        'install the server package (Debian/Ubuntu: apt-get install postgresql) to run this scenario.',
    );
  }
  return usable[0]!;
}

async function osId(flag: '-u' | '-g'): Promise<number> {
  const { stdout } = await run('id', [flag, SERVER_OS_USER]).catch(() => {
    throw new Error(`Running as root, the dedicated PostgreSQL needs the OS user "${SERVER_OS_USER}" (created by the postgresql package).`);
  });
  return Number(stdout.trim());
}
