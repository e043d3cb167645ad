// The time of one full pass of the ledger's drift audit, from what GET /v1/drift says about its
// passes: the first pass that began after the history was loaded, so that it covered all of it.
// A ledger whose /v1/drift reports no passes (one that checks drift by scanning on request) gives
// no figure, and neither does a pass that does not complete within the wait.
import type { Figure } from '../../report/bench-report';

interface CompletedPass {
  startedAt: string;
  finishedAt: string;
  keysChecked?: number;
  movementsChecked?: number;
}

interface DriftAnswer {
  currentPass?: unknown;
  lastCompletedPass?: CompletedPass | null;
  nextPassDueAt?: string | null;
}

const MEASURE = 'drift audit: full pass';

export async function measureDriftAuditPass(ledgerUrl: string, loadedAt: number, waitSeconds: number, headers: Record<string, string> = {}): Promise<Figure[]> {
  const deadline = Date.now() + waitSeconds * 1000;
  let last: DriftAnswer | undefined;
  for (;;) {
    last = await driftAnswer(ledgerUrl, headers);
    if (!last || !('lastCompletedPass' in last)) {
      return [{ measure: MEASURE, value: Number.NaN, unit: 's', note: 'not available: GET /v1/drift reports no audit passes' }];
    }
    const pass = last.lastCompletedPass;
    if (pass && Date.parse(pass.startedAt) >= loadedAt) {
      const counted = [pass.keysChecked, pass.movementsChecked].every((value) => typeof value === 'number')
        ? `${pass.keysChecked?.toLocaleString('en-US')} balances and ${pass.movementsChecked?.toLocaleString('en-US')} movements checked, `
        : '';
      return [{ measure: MEASURE, value: (Date.parse(pass.finishedAt) - Date.parse(pass.startedAt)) / 1000, unit: 's', note: `${counted}the first pass begun after the history was loaded` }];
    }
    // Resting until after the wait (a pass that ended before the load, DRIFT_AUDIT_PASS_PAUSE_MS ago): no use waiting.
    const nextPassDueAt = last.currentPass ? Number.NaN : Date.parse(last.nextPassDueAt ?? '');
    if (nextPassDueAt > deadline) {
      return [{ measure: MEASURE, value: Number.NaN, unit: 's', note: `not available: the audit rests until ${last.nextPassDueAt} (DRIFT_AUDIT_PASS_PAUSE_MS; set BENCH_LEDGER_ENV_DRIFT_AUDIT_PASS_PAUSE_MS to measure a pass)` }];
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return [
    {
      measure: MEASURE,
      value: Number.NaN,
      unit: 's',
      note: `not available: no pass begun after the history was loaded completed within ${waitSeconds} s (current pass: ${JSON.stringify(last?.currentPass ?? null)})`,
    },
  ];
}

async function driftAnswer(ledgerUrl: string, headers: Record<string, string>): Promise<DriftAnswer | undefined> {
  try {
    const body: unknown = await (await fetch(new URL('/v1/drift', ledgerUrl), { headers, signal: AbortSignal.timeout(30_000) })).json();
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as DriftAnswer) : undefined;
  } catch {
    return undefined;
  }
}
