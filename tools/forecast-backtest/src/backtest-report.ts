/**
 * The accuracy report as text (for the terminal) and markdown (for a file): one row per method and
 * one for the automatic choice, then the verdict against the naive baselines and the best single
 * method in hindsight. Every figure names its measure.
 */
import type { DatasetReport } from './accuracy-report';
import type { BacktestSummary, MethodAccuracy } from './backtest-summary';

const HEADER = [
  'method',
  'MASE mean',
  'MASE median',
  'RMSSE mean',
  'scaled bias',
  'bias median',
  'pinball',
  'cover 80%',
  'cover 95%',
  '80% floor',
  'cover 80%, series with demand',
  'above q90/q97.5',
  'beats naive',
  'forecasts/s',
];

export const MEASURES_NOTE =
  'MASE = holdout MAE / in-sample MAE of the one-step naive forecast; RMSSE = sqrt(holdout MSE / in-sample naive MSE); ' +
  'both per series, then averaged over series. Scaled bias = mean(actual - forecast) / in-sample naive MAE: positive = under-forecast. ' +
  'Bias median = the median over series of the same (the mean is carried by the few series whose demand jumped). ' +
  'Pinball = mean quantile loss at the bounds of the 80 % and 95 % intervals / in-sample naive MAE; cover = share of periods inside the interval. ' +
  '80% floor = the least 80 % coverage intervals of whole units can have where they hold zero: per series the larger of 80 % and its share of ' +
  'periods without demand, pooled; "series with demand" = the 80 % coverage over the series with demand in at least 20 % of their periods. ' +
  'forecasts/s = series x origins forecast per second of one core, fit and selection included. ' +
  '"beats naive" = share of series whose holdout MAE is below the naive forecast\'s.';

function cells(m: MethodAccuracy): string[] {
  return [
    m.label,
    m.meanMase.toFixed(4),
    m.medianMase.toFixed(4),
    m.meanRmsse.toFixed(4),
    signed(m.meanScaledBias),
    signed(m.medianScaledBias),
    orDash(m.meanScaledPinball, m.meanScaledPinball.toFixed(4)),
    orDash(m.coverage80, `${(100 * m.coverage80).toFixed(1)}%`),
    orDash(m.coverage95, `${(100 * m.coverage95).toFixed(1)}%`),
    orDash(m.coverage80Floor, `${(100 * m.coverage80Floor).toFixed(1)}%`),
    orDash(m.coverage80SeriesWithDemand, `${(100 * m.coverage80SeriesWithDemand).toFixed(1)}%`),
    orDash(m.above80, `${(100 * m.above80).toFixed(1)} / ${(100 * m.above95).toFixed(1)}%`),
    `${(100 * m.shareBeatingNaive).toFixed(1)}%`,
    orDash(m.forecastsPerSecond, m.forecastsPerSecond.toFixed(0)),
  ];
}

function signed(value: number): string {
  return (value >= 0 ? '+' : '') + value.toFixed(4);
}

/** A measure the method has no value for (R's Croston has no intervals) prints as a dash. */
function orDash(value: number, text: string): string {
  return Number.isFinite(value) ? text : '–';
}

function percent(ratio: number): string {
  return `${ratio >= 0 ? '+' : ''}${(100 * ratio).toFixed(2)}%`;
}

/** The verdict lines shared by both formats. */
export function verdictLines(summary: BacktestSummary): string[] {
  const auto = summary.automatic;
  const against = (baseline: MethodAccuracy): string =>
    `automatic vs ${baseline.label}: MASE ${auto.meanMase.toFixed(4)} vs ${baseline.meanMase.toFixed(4)} (${percent(auto.meanMase / baseline.meanMase - 1)}), ` +
    `RMSSE ${auto.meanRmsse.toFixed(4)} vs ${baseline.meanRmsse.toFixed(4)} (${percent(auto.meanRmsse / baseline.meanRmsse - 1)})`;
  const lines = [against(summary.naive)];
  if (summary.seasonalNaive !== undefined) lines.push(against(summary.seasonalNaive));
  lines.push(
    `best single method in hindsight by MASE: ${summary.bestInHindsight.label} (${summary.bestInHindsight.meanMase.toFixed(4)}); automatic ${percent(summary.automaticGapToBest)}`,
    `best single method in hindsight by RMSSE: ${summary.bestInHindsightByRmsse.label} (${summary.bestInHindsightByRmsse.meanRmsse.toFixed(4)}); automatic ${percent(summary.automaticRmsseGapToBest)}`,
    `verdict: the automatic choice ${summary.automaticBeatsNaive ? 'beats' : 'DOES NOT beat'} the naive baseline on mean MASE`,
    `automatic choices (series x origins): ${choiceList(summary)}`,
  );
  return lines;
}

function choiceList(summary: BacktestSummary): string {
  return Object.entries(summary.choiceCounts)
    .sort(([, a], [, b]) => b - a)
    .map(([label, count]) => `${label} ${count}`)
    .join(', ');
}

export function formatBacktestTable(title: string, summary: BacktestSummary): string {
  const rows = summary.methods.map(cells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (row: string[]): string => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [`${title}: ${summary.seriesCount} series`, line(HEADER), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', ...verdictLines(summary)].join('\n');
}

export function formatMarkdownReport(reports: readonly DatasetReport[]): string {
  const sections = reports.map((report) => {
    const table = [
      `| ${HEADER.join(' | ')} |`,
      `|${HEADER.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
      ...report.summary.methods.map((m) => `| ${cells(m).map((c, i) => (i === 0 && m.label === 'automatic' ? `**${c}**` : c)).join(' | ')} |`),
    ];
    return [
      `## ${report.dataset}, ${report.protocol}`,
      '',
      `${report.description}. ${report.summary.seriesCount} series backtested (${report.seriesEligible} eligible of ${report.seriesLoaded}); ` +
        `${report.origins} origins over the last ${report.holdout} periods, each forecasting ${report.horizon} periods ahead.`,
      '',
      ...table,
      '',
      ...verdictLines(report.summary).map((text) => `- ${text}`),
    ].join('\n');
  });
  return ['# Forecast accuracy backtest', '', MEASURES_NOTE, '', ...sections].join('\n\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
