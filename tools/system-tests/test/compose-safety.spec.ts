// The safety of the compose files, read as YAML (no Docker engine needed): no trust
// authentication, no constant secret, each service on its own database login role, the dashboard
// given its read credentials, and nothing published beyond the four HTTP ports, on 127.0.0.1 by
// default (the broker and the database only through docker-compose.expose.yml, on 127.0.0.1).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPOSITORY_ROOT } from '@ledgerline/testing';

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const read = (file: string) => readFileSync(join(REPOSITORY_ROOT, file), 'utf8');
const servicesOf = (file: string) => (parse(read(file), { merge: true }) as { services: Record<string, ComposeService> }).services;

const base = servicesOf('docker-compose.yml');
const cluster = servicesOf('docker-compose.cluster.yml');
const expose = servicesOf('docker-compose.expose.yml');
const HTTP_SERVICES: Record<string, { role: string; port: number }> = {
  'ops-dashboard': { role: 'ops_dashboard', port: 3000 },
  'pos-ingestion': { role: 'pos_ingestion', port: 3001 },
  'inventory-ledger': { role: 'inventory_ledger', port: 3002 },
  'reorder-forecasting': { role: 'reorder_forecasting', port: 3003 },
};
const SECRET_NAME = /PASSWORD|SECRET|KEY|TOKEN|CREDENTIAL|DATABASE_URL|DATABASE_OWNER_URL/;

describe('docker-compose files', () => {
  it('ask PostgreSQL for a password on every connection, one generated on first start', () => {
    const postgres = base['postgres']!;
    expect(postgres.environment?.['POSTGRES_HOST_AUTH_METHOD']).toBeUndefined();
    expect(postgres.environment?.['POSTGRES_PASSWORD']).toBeUndefined();
    expect(postgres.environment?.['POSTGRES_PASSWORD_FILE']).toBe('/run/ledgerline/postgres.password');
    expect(String(postgres.environment?.['POSTGRES_INITDB_ARGS'])).toMatch(/--auth-host=scram-sha-256 --auth-local=scram-sha-256/);
    expect(postgres.depends_on?.['secrets-init']).toEqual({ condition: 'service_completed_successfully' });
    expect(JSON.stringify([base, cluster, expose])).not.toMatch(/trust/i);
    const init = read('tools/compose/secrets.sh');
    expect(init).toMatch(/randomBytes\(24\)/);
    for (const name of ['postgres', 'inventory_ledger', 'pos_ingestion', 'reorder_forecasting']) expect(init).toContain(name);
  });

  it('hold no constant secret: every secret-like variable is empty or taken from the environment without a default', () => {
    for (const [file, services] of Object.entries({ base, cluster, expose })) {
      for (const [name, service] of Object.entries(services)) {
        for (const [variable, value] of Object.entries(service.environment ?? {})) {
          if (!SECRET_NAME.test(variable) || variable.endsWith('_FILE')) continue;
          expect({ file, name, variable, value: String(value) }).toEqual({ file, name, variable, value: expect.stringMatching(/^(\$\{[A-Z_]+:-\})?$/) });
        }
      }
    }
  });

  it('run each service as its own login role, and only the migrate step as the owner', () => {
    for (const [name, { role }] of Object.entries(HTTP_SERVICES)) {
      expect(base[name]!.command!.slice(0, 4)).toEqual(['sh', 'tools/compose/secrets.sh', 'run', role]);
      expect(base[name]!.environment?.['DATABASE_OWNER_URL']).toBeUndefined();
    }
    expect(base['migrate']!.command).toEqual(['sh', 'tools/compose/secrets.sh', 'migrate']);
    expect(base['inventory-ledger']!.depends_on?.['migrate']).toEqual({ condition: 'service_completed_successfully' });
  });

  it('give the dashboard the read credentials it needs, issued on first start', () => {
    expect(base['ops-dashboard']!.depends_on?.['dashboard-credentials']).toEqual({ condition: 'service_completed_successfully' });
    const script = read('tools/compose/secrets.sh');
    expect(script).toContain('issue INVENTORY_LEDGER_CREDENTIAL inventory_ledger inventory-ledger stock:read');
    expect(script).toContain('issue POS_INGESTION_CREDENTIAL pos_ingestion pos-ingestion rejections:read');
  });

  it('publish only the four HTTP ports, on 127.0.0.1 unless LEDGERLINE_BIND says otherwise', () => {
    const published = Object.entries({ ...base }).flatMap(([name, service]) => (service.ports ?? []).map((port) => `${name} ${port}`));
    const clusterPublished = Object.values(cluster).flatMap((service) => service.ports ?? []);
    expect(published.sort()).toEqual(Object.entries(HTTP_SERVICES).map(([name, { port }]) => `${name} \${LEDGERLINE_BIND:-127.0.0.1}:${port}:${port}`).sort());
    expect(clusterPublished).toEqual([]);
    expect(Object.values(expose).flatMap((service) => service.ports ?? [])).toEqual(['127.0.0.1:19092:19092', '127.0.0.1:15432:5432']);
  });
});
