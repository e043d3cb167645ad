import { describeKafkaSecurity, kafkaSecurityFrom, KafkaSecurityConfigError } from './kafka-security';

const files: Record<string, string> = { '/run/secrets/ledger': 's3cret-from-file\n', '/etc/ca.pem': '-----BEGIN CERTIFICATE-----\nCA\n' };
const readFile = (path: string) => {
  const content = files[path];
  if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return content;
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    kafkaSecurityFrom(env, readFile);
  } catch (error) {
    if (error instanceof KafkaSecurityConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('kafkaSecurityFrom', () => {
  it('asks for nothing when nothing is set: the plaintext development broker', () => {
    expect(kafkaSecurityFrom({}, readFile)).toEqual({});
    expect(kafkaSecurityFrom({ KAFKA_SSL: 'false', KAFKA_SASL_MECHANISM: '' }, readFile)).toEqual({});
  });

  it('takes SCRAM with an inline password', () => {
    const security = kafkaSecurityFrom({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'inventory-ledger', KAFKA_SASL_PASSWORD: 'pw' }, readFile);
    expect(security).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'inventory-ledger', password: 'pw' } });
    expect(describeKafkaSecurity(security)).toBe('scram-sha-512 as inventory-ledger over plaintext');
  });

  it('reads the password from a file without its final newline, and the CA for TLS', () => {
    const security = kafkaSecurityFrom(
      { KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'ledger', KAFKA_SASL_PASSWORD_FILE: '/run/secrets/ledger', KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/etc/ca.pem' },
      readFile,
    );
    expect(security.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'ledger', password: 's3cret-from-file' });
    expect(security.ssl).toEqual({ ca: ['-----BEGIN CERTIFICATE-----\nCA\n'], rejectUnauthorized: true });
    expect(describeKafkaSecurity(security)).toBe('scram-sha-256 as ledger over TLS');
  });

  it('uses the system CAs when TLS is on without a CA file', () => {
    expect(kafkaSecurityFrom({ KAFKA_SSL: '1' }, readFile)).toEqual({ ssl: true });
  });

  it('names every problem and never the password', () => {
    const problems = problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SSL: 'yes', KAFKA_SASL_PASSWORD: 'do-not-print-me' });
    expect(problems).toEqual([
      'KAFKA_SSL="yes": must be true or false',
      'KAFKA_SASL_MECHANISM="gssapi": must be one of scram-sha-512, scram-sha-256, plain',
    ]);
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_PASSWORD: 'do-not-print-me', KAFKA_SASL_PASSWORD_FILE: '/run/secrets/ledger' })).toEqual([
      'KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE: set only one',
    ]);
    const all = [
      ...problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u' }),
      ...problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD_FILE: '/missing' }),
      ...problemsOf({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'do-not-print-me' }),
      ...problemsOf({ KAFKA_SSL_CA_FILE: '/etc/ca.pem' }),
      ...problemsOf({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/missing-ca' }),
    ];
    expect(all).toEqual([
      'KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: a non-empty password is required with KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_PASSWORD_FILE="/missing": cannot be read (ENOENT)',
      'KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: a non-empty password is required with KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_USERNAME or a password is set but KAFKA_SASL_MECHANISM is not (scram-sha-512, scram-sha-256 or plain)',
      'KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true',
      'KAFKA_SSL_CA_FILE="/missing-ca": cannot be read (ENOENT)',
    ]);
    expect(all.join('\n')).not.toContain('do-not-print-me');
  });
});
