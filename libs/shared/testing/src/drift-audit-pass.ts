// Waits for the inventory-ledger's continuous drift audit to complete a pass over every balance
// that began after `since`, and returns GET /v1/drift's report then: what that pass found holds
// for everything the ledger had applied by `since`.
import { waitFor } from './wait-for';

export interface CompletedDriftAudit {
  status: string;
  mismatchesOpen: number;
  mismatches: unknown[];
  lastCompletedPass: { startedAt: string; finishedAt: string; keysChecked: number; movementsChecked: number; mismatchesFound: number };
}

/** `credential` holds the ledger's stock:read scope. */
export function driftAuditPassAfter(ledgerUrl: string, since: Date, credential: string, timeoutMs = 30_000): Promise<CompletedDriftAudit> {
  const after = since.toISOString();
  return waitFor(
    async () => {
      const report = (await (await fetch(new URL('/v1/drift', ledgerUrl), { headers: { authorization: `Bearer ${credential}` } })).json()) as CompletedDriftAudit | { lastCompletedPass: null };
      return report.lastCompletedPass !== null && report.lastCompletedPass.startedAt > after ? (report as CompletedDriftAudit) : undefined;
    },
    { timeoutMs, description: `a drift audit pass begun after ${after}` },
  );
}
