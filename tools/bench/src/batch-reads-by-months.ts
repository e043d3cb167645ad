// Times what the inventory-ledger's first statement of every batch (LedgerSql.batchFacts: the
// keys' balances, which ids are applied already, the items, fresh movement numbers) costs as the
// movement table gains monthly partitions, one a month for as long as months are kept attached
// (not part of `npm run bench`):
//
//   DATABASE_URL=... node -r ./tools/ts-register.cjs tools/bench/src/batch-reads-by-months.ts \
//     [--months 0,12,36] [--keys 5] [--calls 200]
//
// It migrates a database with the ledger's own migrations, then for each number of months adds
// that many empty partitions (future months, so none overlaps those the ledger made) and times
// the statement as the ledger sends it: the server's planning time (EXPLAIN, median of 30) and
// the round trip from this process (mean of `--calls`), for a batch of sales and for one holding
// a count, one JSON line each (milliseconds to the hundredth). A batch's rows do not matter here:
// what grows is the planning of what the statement names.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { openServiceDatabase } from '@ledgerline/runtime';
import { ledgerConfigSchema } from '../../../apps/inventory-ledger/src/config/ledger.config';
import { ledgerDatabaseOptions } from '../../../apps/inventory-ledger/src/inventory-ledger.module';
import { LedgerSql } from '../../../apps/inventory-ledger/src/persistence/ledger-sql';
import { BenchResources } from './infra/bench-resources';
import { print, runStandalone } from './infra/standalone-run';

type Wanted = Parameters<LedgerSql['batchFacts']>[1];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { months: { type: 'string', default: '0,12,36' }, keys: { type: 'string', default: '5' }, calls: { type: 'string', default: '200' } } });
  const monthSteps = values.months.split(',').map(Number);
  const calls = Number(values.calls);
  const keys = Array.from({ length: Number(values.keys) }, (_, index) => ({ sku: `SKU-${index}`, locationId: 'S1' }));
  const sales: Wanted = { keys, movementIds: keys.map((_, index) => `sale-${index}`), skus: keys.map((key) => key.sku), seqCount: keys.length, counts: [] };
  const counting: Wanted = { ...sales, counts: [{ movementId: 'count-0', sku: 'SKU-0', locationId: 'S1', at: Date.parse('2026-12-01T08:00:00Z') }] };
  const resources = new BenchResources('batch-reads');
  try {
    const database = await resources.database('batch_reads');
    const config = ledgerConfigSchema.parse({ ...database.serviceEnv('inventory_ledger'), DATABASE_POOL_SIZE: '2' });
    const dataSource = await openServiceDatabase(ledgerDatabaseOptions(config));
    const owner = new Client({ connectionString: database.url });
    await owner.connect();
    const sql = new LedgerSql('inventory_ledger');
    try {
      let added = 0;
      for (const months of monthSteps) {
        for (; added < months; added++) {
          const from = new Date(Date.UTC(2030, added, 1)).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(2030, added + 1, 1)).toISOString().slice(0, 10);
          await owner.query(`CREATE TABLE inventory_ledger.movement_bench_${added} PARTITION OF inventory_ledger.movement FOR VALUES FROM ('${from}') TO ('${to}')`);
        }
        const partitions = Number((await owner.query(`SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'inventory_ledger.movement'::regclass`)).rows[0].n);
        for (const [label, wanted] of [['sales', sales], ['with a count', counting]] as const) {
          const statements: Array<{ text: string; parameters: unknown[] }> = [];
          await sql.batchFacts({ query: (text: string, parameters: unknown[]) => (statements.push({ text, parameters }), dataSource.query(text, parameters)) }, wanted);
          const [first] = statements;
          if (first === undefined) throw new Error('batchFacts sent no statement');
          const planning: number[] = [];
          for (let run = 0; run < 30; run++) {
            const plan: Array<Record<string, string>> = await dataSource.query(`EXPLAIN (ANALYZE, SUMMARY) ${first.text}`, first.parameters);
            planning.push(Number(/Planning Time: ([0-9.]+)/.exec(plan.map((row) => Object.values(row)[0]).join('\n'))?.[1]));
          }
          const started = process.hrtime.bigint();
          for (let call = 0; call < calls; call++) await sql.batchFacts(dataSource, wanted);
          const perCall = Number(process.hrtime.bigint() - started) / 1e6 / calls;
          planning.sort((a, b) => a - b);
          const medianPlanning = planning[Math.floor(planning.length / 2)] ?? Number.NaN;
          print({ partitions, batch: label, planningMs: Number(medianPlanning.toFixed(2)), roundTripMs: Number(perCall.toFixed(2)), calls });
        }
      }
    } finally {
      await owner.end();
      await dataSource.destroy();
    }
  } finally {
    await resources.release();
  }
}

runStandalone(main);
