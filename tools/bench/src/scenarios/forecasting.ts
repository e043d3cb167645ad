// Forecasting throughput: runs the forecasting bench of tools/forecast-backtest (fit, method
// selection, quantiles and policy on one year of daily history) as a child process, so its figure
// and this one are the same measurement, and reads its median line.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { ScenarioContext, ScenarioResult } from './scenario';

const SUMMARY = /median (\d+) series\/s \(wall\), (\d+) series\/s \(cpu\)/;

export async function measureForecasting({ options, progress, workspaceRoot }: ScenarioContext): Promise<ScenarioResult> {
  progress.step(`forecasting: ${options.forecastSeries} series x ${options.forecastRuns} runs`);
  const child = spawn(
    process.execPath,
    ['-r', './tools/ts-register.cjs', 'tools/forecast-backtest/src/bench-forecasting.ts', '--series', String(options.forecastSeries), '--runs', String(options.forecastRuns)],
    { cwd: workspaceRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    const lastLine = output.trimEnd().split('\n').at(-1) ?? '';
    if (lastLine.startsWith('run ')) progress.update(`forecasting ${lastLine}`);
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  // The child exits on its own, so its peak RSS is sampled while it runs.
  let peakRss = 0;
  const sampler = setInterval(() => {
    void readFile(`/proc/${child.pid}/status`, 'utf8')
      .then((status) => {
        const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
        if (match) peakRss = Math.max(peakRss, Number(match[1]) / 1024);
      })
      .catch(() => undefined);
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  const summary = SUMMARY.exec(output);
  if (code !== 0 || !summary) throw new Error(`the forecasting bench failed (exit ${code}):\n${output.slice(-2_000)}`);
  return {
    scenario: 'forecasting',
    status: 'measured',
    figures: [
      { measure: 'series forecast and planned', value: Number(summary[1]), unit: 'series/s', note: `wall clock, one core, 365-day history; median of ${options.forecastRuns}` },
      { measure: 'series forecast and planned (cpu)', value: Number(summary[2]), unit: 'series/s', note: 'per CPU second of the process' },
    ],
    peakRssMiB: { 'forecast-bench': peakRss },
  };
}
