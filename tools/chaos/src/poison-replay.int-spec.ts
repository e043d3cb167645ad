// A poison message dealt with by an operator: an ERP adjustment using the ledger-only reason
// `count-variance` on a busy key goes to the dead-letter topic alone while the traffic around it
// is applied; the ledger archives it; the operator corrects its reason code and replays it with
// the dead-letters command, twice (the second time forced, as a mistaken resend would be). The
// history checker then finds every acknowledged movement, the poison included, applied exactly
// once, and every balance equal to its movements.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DeadLetterDetail, DeadLetterPage } from '@ledgerline/messaging';
import { REPOSITORY_ROOT, waitFor } from '@ledgerline/testing';
import { ChaosRun } from './chaos-run';
import { InProcessLedger } from './in-process-ledger';
import { adjustment, receipt, storeTraffic } from './movement-factory';

jest.setTimeout(120_000);

const run = promisify(execFile);

describe('chaos: a poison message fixed and replayed with the dead-letters command', () => {
  let scenario: ChaosRun;
  let ledger: InProcessLedger | undefined;

  beforeAll(async () => {
    scenario = await ChaosRun.open({ label: 'poison-replay', partitions: 2 });
  });

  afterAll(async () => {
    await ledger?.stop().catch(() => undefined);
    await scenario?.close();
  });

  async function deadLetters<T>(...args: string[]): Promise<T> {
    const { stdout } = await run('node', ['-r', './tools/ts-register.cjs', 'apps/inventory-ledger/src/cli/dead-letters.ts', ...args], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, ...scenario.ledgerEnvironment() },
    });
    return JSON.parse(stdout) as T;
  }

  it('applies the corrected poison exactly once and keeps every balance equal to its movements', async () => {
    const keys = ['TEA@S1', 'JAM@S1', 'OIL@S2'];
    const traffic = storeTraffic(scenario.prefix, keys, 40);
    const poison = adjustment(`${scenario.prefix}:forged-variance`, 'TEA@S1', 500, 'count-variance', 12);
    const producer = await scenario.connectProducer('erp');

    ledger = await InProcessLedger.start('poison-replay', scenario.ledgerEnvironment());
    expect(await scenario.publish(producer, traffic.slice(0, 60))).toBe(true);
    expect(await scenario.publish(producer, [poison])).toBe(true);
    expect(await scenario.publish(producer, traffic.slice(60))).toBe(true);
    await scenario.waitUntilSettled(60_000, (movementId) => movementId === poison.movementId);

    const page = await waitFor(
      async () => {
        const listed = await deadLetters<DeadLetterPage>('list', '--code', 'LEDGER.RESERVED_REASON_CODE');
        return listed.items.length > 0 ? listed : undefined;
      },
      { timeoutMs: 60_000, description: 'the poison archived' },
    );
    expect(page.items).toHaveLength(1);
    expect(await deadLetters('reasons')).toEqual([expect.objectContaining({ reasonCode: 'LEDGER.RESERVED_REASON_CODE', count: 1 })]);
    const eventId = page.items[0]!.eventId;
    const letter = await deadLetters<DeadLetterDetail>('show', eventId);
    expect(await scenario.scalar(`SELECT count(*) AS n FROM inventory_ledger.movement WHERE movement_id = $1`, [poison.movementId])).toBe(0);

    // The fix: the ERP meant damaged goods, a reason an ERP may post.
    const envelope = JSON.parse(letter.originalValue) as { payload: Record<string, unknown> };
    const corrected = join(mkdtempSync(join(tmpdir(), 'poison-replay-')), 'corrected.json');
    writeFileSync(corrected, JSON.stringify({ ...envelope, payload: { ...envelope.payload, reasonCode: 'damaged' } }));
    await deadLetters('replay', eventId, '--value-file', corrected, '--by', 'chaos-drill', '--note', 'reason code corrected');
    await deadLetters('replay', eventId, '--value-file', corrected, '--by', 'chaos-drill', '--force');

    // Behind both replays on the poison's key, so it is applied only after them.
    const behind = receipt(`${scenario.prefix}:rcpt-after-replay`, 'TEA@S1', 10, '2.4000', 60);
    expect(await scenario.publish(producer, [behind])).toBe(true);
    await scenario.waitUntilSettled(60_000);
    const report = await scenario.check();
    const shown = await deadLetters<DeadLetterDetail>('show', eventId);
    console.log(`[poison-replay] ${report.applied} applied, lost=${report.lost} doubled=${report.doubled}; letter ${shown.status} ${shown.replayCount} times`);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, sent: traffic.length + 2, acknowledged: traffic.length + 2, applied: traffic.length + 2, lost: 0, doubled: 0 });
    expect(await scenario.scalar(`SELECT count(*) AS n FROM inventory_ledger.movement WHERE movement_id = $1`, [poison.movementId])).toBe(1);
    expect(shown).toMatchObject({ status: 'replayed', replayCount: 2, lastActionBy: 'chaos-drill' });
    expect(await deadLetters('reasons')).toEqual([]);
  });
});
