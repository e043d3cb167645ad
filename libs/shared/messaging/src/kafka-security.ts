// How a client proves who it is to the brokers and whether it speaks TLS, from the environment:
// every kafkajs client of the platform (services, tools, tests) is built with these settings, so
// pointing a process at an authenticated cluster is a matter of its environment alone.
//
//   KAFKA_SASL_MECHANISM     scram-sha-512 | scram-sha-256 | plain; unset: no SASL
//   KAFKA_SASL_USERNAME      the principal (User:<name> in the brokers' ACLs)
//   KAFKA_SASL_PASSWORD      its password, or KAFKA_SASL_PASSWORD_FILE naming a file that holds it
//   KAFKA_SSL                true: TLS to the brokers (SASL_SSL with a mechanism, SSL without)
//   KAFKA_SSL_CA_FILE        PEM file of the CA the brokers' certificates are checked against;
//                            unset: the system's CAs
//
// A bad combination stops the process with every problem named; the password is never part of
// a message, nor of anything this module returns except the kafkajs settings themselves.
import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

export type KafkaSecurity = Pick<KafkaConfig, 'sasl' | 'ssl'>;

const MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
type Mechanism = (typeof MECHANISMS)[number];

export class KafkaSecurityConfigError extends Error {
  readonly code = 'CONFIG.INVALID';

  constructor(readonly problems: string[]) {
    super(`Invalid Kafka security configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'KafkaSecurityConfigError';
  }
}

/** The SASL and TLS settings the environment asks for; throws naming each invalid variable. */
export function kafkaSecurityFrom(env: NodeJS.ProcessEnv, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): KafkaSecurity {
  const problems: string[] = [];
  const security: KafkaSecurity = {};
  const ssl = parseBoolean(env['KAFKA_SSL'], 'KAFKA_SSL', problems);
  const caFile = nonEmpty(env['KAFKA_SSL_CA_FILE']);
  if (caFile !== undefined && !ssl) problems.push('KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true');
  if (ssl) {
    const ca = caFile === undefined ? undefined : readOrReport(readFile, caFile, 'KAFKA_SSL_CA_FILE', problems);
    security.ssl = ca === undefined ? true : { ca: [ca], rejectUnauthorized: true };
  }

  const mechanism = nonEmpty(env['KAFKA_SASL_MECHANISM'])?.toLowerCase();
  const username = nonEmpty(env['KAFKA_SASL_USERNAME']);
  const inlinePassword = env['KAFKA_SASL_PASSWORD'];
  const passwordFile = nonEmpty(env['KAFKA_SASL_PASSWORD_FILE']);
  if (mechanism === undefined) {
    if (username !== undefined || inlinePassword !== undefined || passwordFile !== undefined) {
      problems.push('KAFKA_SASL_USERNAME or a password is set but KAFKA_SASL_MECHANISM is not (scram-sha-512, scram-sha-256 or plain)');
    }
  } else if (!isMechanism(mechanism)) {
    problems.push(`KAFKA_SASL_MECHANISM=${JSON.stringify(mechanism)}: must be one of ${MECHANISMS.join(', ')}`);
  } else {
    if (username === undefined) problems.push('KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM');
    if (inlinePassword !== undefined && passwordFile !== undefined) problems.push('KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE: set only one');
    const password = passwordFile === undefined ? inlinePassword : readOrReport(readFile, passwordFile, 'KAFKA_SASL_PASSWORD_FILE', problems)?.replace(/\r?\n$/, '');
    if (password === undefined || password === '') problems.push('KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: a non-empty password is required with KAFKA_SASL_MECHANISM');
    else if (username !== undefined) security.sasl = saslOptions(mechanism, username, password);
  }
  if (problems.length > 0) throw new KafkaSecurityConfigError(problems);
  return security;
}

let fromProcessEnvironment: KafkaSecurity | undefined;

/** This process's settings, read from its environment once. */
export function kafkaSecurity(): KafkaSecurity {
  fromProcessEnvironment ??= kafkaSecurityFrom(process.env);
  return fromProcessEnvironment;
}

/** Who a client connects as, for logs and errors: the mechanism and user, never the password. */
export function describeKafkaSecurity(security: KafkaSecurity): string {
  const transport = security.ssl ? 'TLS' : 'plaintext';
  const sasl = security.sasl;
  return sasl !== undefined && 'username' in sasl ? `${sasl.mechanism} as ${sasl.username} over ${transport}` : `no SASL, ${transport}`;
}

function saslOptions(mechanism: Mechanism, username: string, password: string): SASLOptions & { username: string } {
  switch (mechanism) {
    case 'scram-sha-512':
      return { mechanism, username, password };
    case 'scram-sha-256':
      return { mechanism, username, password };
    case 'plain':
      return { mechanism, username, password };
  }
}

function isMechanism(value: string): value is Mechanism {
  return (MECHANISMS as readonly string[]).includes(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function parseBoolean(value: string | undefined, variable: string, problems: string[]): boolean {
  const normalised = nonEmpty(value)?.toLowerCase();
  if (normalised === undefined || normalised === 'false' || normalised === '0') return false;
  if (normalised === 'true' || normalised === '1') return true;
  problems.push(`${variable}=${JSON.stringify(value)}: must be true or false`);
  return false;
}

function readOrReport(readFile: (path: string) => string, path: string, variable: string, problems: string[]): string | undefined {
  try {
    return readFile(path);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'unreadable';
    problems.push(`${variable}=${JSON.stringify(path)}: cannot be read (${reason})`);
    return undefined;
  }
}
