// A broker of its own with authentication and ACLs on (tools/kafka/kafka.sh, KAFKA_AUTH=scram),
// for the suites that prove who may do what: started on KAFKA_SECURE_PORT and
// KAFKA_SECURE_CONTROLLER_PORT when set (free ports otherwise) with its data under tmp/, stopped
// and deleted afterwards. The suite's other broker (KAFKA_BROKERS) is not touched.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT, freePort } from './service-process';
import { authorizerDenials, scramClientEnv, type AuthenticatedKafka } from './scram-credentials';
import { uniqueTestId } from './test-topics';

const run = promisify(execFile);

export interface SecureBrokerOptions {
  /** SASL_SSL with the broker's generated CA instead of SASL_PLAINTEXT. */
  tls?: boolean;
}

export class SecureBroker implements AuthenticatedKafka {
  private constructor(
    readonly port: number,
    readonly secretsDir: string,
    readonly tls: boolean,
    private readonly environment: Record<string, string>,
    private readonly dataDir: string,
  ) {}

  static async start(label: string, { tls = false }: SecureBrokerOptions = {}): Promise<SecureBroker> {
    const port = Number(process.env['KAFKA_SECURE_PORT'] ?? 0) || (await freePort());
    let controllerPort = Number(process.env['KAFKA_SECURE_CONTROLLER_PORT'] ?? 0) || (await freePort());
    while (controllerPort === port) controllerPort = await freePort();
    const dataDir = join(REPOSITORY_ROOT, 'tmp', uniqueTestId(`kafka-secure-${label}`));
    const environment = {
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      KAFKA_DATA_DIR: dataDir,
      KAFKA_AUTH: 'scram',
      KAFKA_TLS: String(tls),
      KAFKA_HEAP_OPTS: '-Xms128m -Xmx512m',
      KAFKA_START_TIMEOUT_SECONDS: '240',
    };
    const broker = new SecureBroker(port, join(dataDir, 'secrets'), tls, environment, dataDir);
    try {
      await broker.script('kafka.sh', 'start');
    } catch (error) {
      // A start that timed out leaves the broker's JVM running.
      await broker.stop();
      throw error;
    }
    return broker;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  /** The environment a client (or a service process) needs to connect as `principal`. */
  clientEnv(principal: string): Record<string, string> {
    return scramClientEnv(this, principal);
  }

  /** tools/kafka/acls.sh against this broker, e.g. ['apply', '--topic-prefix', prefix]. */
  async acls(...args: string[]): Promise<string> {
    return this.script('acls.sh', ...args);
  }

  /** Lines the broker's authorizer logged for refused requests, for failure messages. */
  async denials(): Promise<string[]> {
    return authorizerDenials([this.dataDir]);
  }

  async stop(): Promise<void> {
    await this.script('kafka.sh', 'stop').catch(() => undefined);
    await this.remove();
  }

  private async remove(): Promise<void> {
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async script(name: string, ...args: string[]): Promise<string> {
    const env = { ...process.env, ...this.environment, KAFKA_BROKERS: this.brokers.join(','), KAFKA_SECRETS_DIR: this.secretsDir };
    const { stdout } = await run('bash', [join(REPOSITORY_ROOT, 'tools/kafka', name), ...args], { cwd: REPOSITORY_ROOT, env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  }
}
