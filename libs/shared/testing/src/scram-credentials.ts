// What a test needs to use a broker or cluster started with KAFKA_AUTH=scram (tools/kafka): the
// client settings of one principal, from the passwords kafka.sh generated into the secrets
// directory, and the requests the brokers' authorizers refused (each node logs them to its own
// authorizer.log). SecureBroker (one broker) and the drills' three-broker cluster both use these.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A broker or cluster with authentication and ACLs on, as the suites and drills drive it. */
export interface AuthenticatedKafka {
  readonly brokers: string[];
  /** The environment a client (or a service process) needs to connect as `principal`. */
  clientEnv(principal: string): Record<string, string>;
  /** tools/kafka/acls.sh against these brokers, e.g. ['apply', '--topic-prefix', prefix]. */
  acls(...args: string[]): Promise<string>;
  /** Lines the brokers' authorizers logged for refused requests. */
  denials(): Promise<string[]>;
}

export interface ScramCredentials {
  readonly brokers: string[];
  /** KAFKA_SECRETS_DIR of the broker or cluster: one `<principal>.password` a principal, and ca.pem. */
  readonly secretsDir: string;
  /** The client listener speaks SASL_SSL with the generated CA. */
  readonly tls: boolean;
}

/** The KAFKA_* settings @ledgerline/messaging's kafkaSecurityFrom reads, for `principal`. */
export function scramClientEnv({ brokers, secretsDir, tls }: ScramCredentials, principal: string): Record<string, string> {
  return {
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: principal,
    KAFKA_SASL_PASSWORD_FILE: join(secretsDir, `${principal}.password`),
    ...(tls ? { KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(secretsDir, 'ca.pem') } : {}),
  };
}

/** The refused requests in the authorizer logs of every node (one data directory a node); a missing log counts as none. */
export async function authorizerDenials(nodeDataDirs: readonly string[]): Promise<string[]> {
  const logs = await Promise.all(nodeDataDirs.map((dir) => readFile(join(dir, 'authorizer.log'), 'utf8').catch(() => '')));
  return logs.flatMap((log) => log.split('\n').filter((line) => line.includes('Denied')));
}
