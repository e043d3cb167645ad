import { Client } from 'pg';
import { waitFor } from '@ledgerline/testing';
import { startRunningLedger, type RunningLedger } from '../../test/running-ledger';
import { ReservationService } from '../reservations/reservation.service';

jest.setTimeout(300_000);
describe('rate', () => {
  let ledger: RunningLedger;
  let db: Client;
  beforeAll(async () => {
    ledger = await startRunningLedger('rate', { LOG_LEVEL: 'error', ...(process.env['BATCH_MAX'] ? { RESERVATION_BATCH_MAX: process.env['BATCH_MAX'] } : {}) });
    db = new Client({ connectionString: ledger.database.url });
    await db.connect();
    const receipts = Array.from({ length: 1000 }, (_, i) => ({ movementId: `erp:R${i}`, kind: 'receipt', sku: `SKU-${i}`, locationId: 'S1', quantity: 100000, unitCost: '1.0000', occurredAt: new Date().toISOString(), source: { system: 'erp', documentId: `R${i}` } }));
    await ledger.publish(receipts as never);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM inventory_ledger.stock_balance`)).rows[0].n === 1000, { description: 'applied', timeoutMs: 120_000 });
  });
  afterAll(async () => { await db?.end(); await ledger?.close(); });
  for (const mode of ['one', 'many']) {
    it(mode, async () => {
      const service = ledger.app.get(ReservationService);
      const total = 5000; const concurrency = 256; let next = 0;
      const started = Date.now(); const cpu0 = process.cpuUsage();
      const worker = async () => { while (next < total) { const i = next++; await service.reserve(`${mode}-${i}`, { channel: 'web', partial: false, lines: [{ sku: mode === 'one' ? 'SKU-0' : `SKU-${1 + (i % 999)}`, locationId: 'S1', quantity: 1 }] }); } };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const s = (Date.now() - started) / 1000; const c = process.cpuUsage(cpu0);
      console.log(`${mode}: ${(total / s).toFixed(0)}/s, node cpu ${((c.user + c.system) / total).toFixed(0)} µs/decision`);
    });
  }
});
