// Runs the selected scenarios in order (limits first, so the ledger can be compared with them in
// the same run on the same broker and database) and collects one report. A scenario that fails
// is reported as failed with its reason; the others still run.
import os from 'node:os';
import type { BenchOptions, ScenarioName } from './options/bench-options';
import type { Progress } from './infra/progress';
import { combineRepeats, type BenchReport, type ScenarioResult } from './report/bench-report';
import { measureEndToEnd } from './scenarios/end-to-end';
import { measureForecasting } from './scenarios/forecasting';
import { measureHistory } from './scenarios/history/history';
import { measureKafkaLimit } from './scenarios/kafka-limit';
import { measureLedger } from './scenarios/ledger';
import { measurePostgresLimit } from './scenarios/postgres-limit';
import { measureReservations } from './scenarios/reservations';
import { readPostgresFacts } from './infra/postgres-facts';
import { endToEndTargetAtMeasuredCost, ledgerTargetAtMeasuredCost, rawWorkFloors, ratiosToLimits } from './report/targets';
import type { ScenarioContext } from './scenarios/scenario';

export async function runBench(options: BenchOptions, progress: Progress, workspaceRoot: string): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const loadAverageBefore = os.loadavg();
  const databaseUrl = process.env['DATABASE_URL'];
  const postgres = databaseUrl ? await readPostgresFacts(databaseUrl) : undefined;
  const context: ScenarioContext = { options, progress, workspaceRoot };
  const scenarios: ScenarioResult[] = [];

  for (const name of options.only) {
    progress.step(`scenario ${name}`);
    const result = await runScenario(name, context, scenarios);
    scenarios.push(result);
    if (result.status !== 'measured') progress.step(`${name} ${result.status}: ${result.reason}`);
  }

  const cpus = os.cpus();
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageBefore,
      loadAverageAfter: os.loadavg(),
      ...(postgres ? { postgres } : {}),
    },
    options,
    scenarios,
  };
}

async function runScenario(name: ScenarioName, context: ScenarioContext, earlier: ScenarioResult[]): Promise<ScenarioResult> {
  try {
    switch (name) {
      case 'limits': {
        const limits = await repeated(context, async () => ({
          scenario: 'limits',
          status: 'measured',
          figures: [...(await measureKafkaLimit(context)), ...(await measurePostgresLimit(context))],
          peakRssMiB: {},
        }));
        return { ...limits, figures: [...limits.figures, ...rawWorkFloors(limits.figures, os.cpus().length)] };
      }
      case 'ledger': {
        const ledger = await repeated(context, () => measureLedger(context));
        const applied = ledger.figures.find((figure) => figure.measure === 'movements applied')?.value;
        const limits = earlier.find((result) => result.scenario === 'limits' && result.status === 'measured');
        return {
          ...ledger,
          figures: [
            ...ledger.figures,
            ...(applied !== undefined && limits ? ratiosToLimits(applied, limits.figures) : []),
            ...ledgerTargetAtMeasuredCost(ledger.figures, os.cpus().length),
          ],
        };
      }
      case 'end-to-end': {
        const endToEnd = await measureEndToEnd(context);
        return { ...endToEnd, figures: [...endToEnd.figures, ...endToEndTargetAtMeasuredCost(endToEnd.figures, os.cpus().length)] };
      }
      case 'forecasting':
        return await measureForecasting(context);
      case 'history':
        return await measureHistory(context);
      case 'reservations':
        return await measureReservations(context);
    }
  } catch (error) {
    return { scenario: name, status: 'failed', reason: error instanceof Error ? error.message : String(error), figures: [], peakRssMiB: {} };
  }
}

async function repeated(context: ScenarioContext, measure: () => Promise<ScenarioResult>): Promise<ScenarioResult> {
  const runs: ScenarioResult[] = [];
  for (let run = 1; run <= context.options.repeat; run++) {
    if (context.options.repeat > 1) context.progress.step(`run ${run} of ${context.options.repeat}`);
    runs.push(await measure());
  }
  return combineRepeats(runs);
}
