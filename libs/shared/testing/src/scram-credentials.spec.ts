import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorizerDenials, scramClientEnv } from './scram-credentials';

describe('scramClientEnv', () => {
  const brokers = ['127.0.0.1:41001', '127.0.0.1:41002'];

  it('names the principal and its password file, never the password, over plaintext', () => {
    expect(scramClientEnv({ brokers, secretsDir: '/data/secrets', tls: false }, 'inventory-ledger')).toEqual({
      KAFKA_BROKERS: '127.0.0.1:41001,127.0.0.1:41002',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'inventory-ledger',
      KAFKA_SASL_PASSWORD_FILE: '/data/secrets/inventory-ledger.password',
    });
  });

  it('adds TLS with the generated CA when the brokers speak SASL_SSL', () => {
    expect(scramClientEnv({ brokers, secretsDir: '/data/secrets', tls: true }, 'erp')).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/data/secrets/ca.pem' });
  });
});

describe('authorizerDenials', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'authorizer-logs-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('collects the refused requests of every node and skips a node that logged nothing', async () => {
    const node = (name: string, lines: string[]) => {
      mkdirSync(join(root, name));
      if (lines.length > 0) writeFileSync(join(root, name, 'authorizer.log'), `${lines.join('\n')}\n`);
      return join(root, name);
    };
    const refusedWrite = '[2026-12-07 06:00:00,000] INFO Principal = User:pos-ingestion is Denied operation = WRITE from host = 127.0.0.1 on resource = Topic:LITERAL:inventory.stock-levels.v1';
    const refusedGroup = '[2026-12-07 06:00:01,000] INFO Principal = User:erp is Denied operation = DESCRIBE from host = 127.0.0.1 on resource = Group:LITERAL:inventory-ledger';
    const dirs = [
      node('node-1', [refusedWrite, '[2026-12-07 06:00:00,500] INFO some other authorizer line']),
      node('node-2', []),
      node('node-3', [refusedGroup]),
    ];
    expect(await authorizerDenials(dirs)).toEqual([refusedWrite, refusedGroup]);
    expect(await authorizerDenials([join(root, 'never-started')])).toEqual([]);
  });
});
