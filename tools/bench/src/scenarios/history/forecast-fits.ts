// reorder-forecasting fits every series that got new demand, at most REFIT_MAX_SERIES_PER_TICK a
// run: after a long history it works through them for a while after its consumer caught up. That
// is catch-up work, not what idling costs, so the idle window waits until no series is due (one
// indexed count of the due series every few seconds) and the time it took is a figure of its own.
import { Client } from 'pg';
import type { Figure } from '../../report/bench-report';
import type { Progress } from '../../infra/progress';
import type { ServiceProcess } from '../../infra/service-process';

const FORECASTING_SCHEMA = 'reorder_forecasting';
const POLL_MS = 5_000;

export async function waitForForecastFits(databaseUrl: string, forecasting: ServiceProcess, waitSeconds: number, progress: Progress): Promise<Figure> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bench-fit-probe' });
  await client.connect();
  const startedAt = Date.now();
  try {
    for (;;) {
      forecasting.assertRunning();
      const { rows } = await client.query<{ due: string }>(`SELECT count(*)::text AS due FROM ${FORECASTING_SCHEMA}.stock_position WHERE refit_due_at <= now()`);
      const due = Number(rows[0]?.due ?? 0);
      const seconds = (Date.now() - startedAt) / 1000;
      if (due === 0) return { measure: 'reorder-forecasting fits done', value: seconds, unit: 's', note: 'from its consumer catching up until no series was due for a fit (REFIT_MAX_SERIES_PER_TICK a REFIT_INTERVAL_MS)' };
      if (seconds > waitSeconds) {
        return { measure: 'reorder-forecasting fits done', value: Number.NaN, unit: 's', note: `not available: ${due.toLocaleString('en-US')} series still due after ${waitSeconds} s, their fits fall in the idle window` };
      }
      progress.update(`history: reorder-forecasting has ${due.toLocaleString('en-US')} series due for a fit`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await client.end();
  }
}
