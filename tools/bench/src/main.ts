// `npm run bench`: runs the bench scenarios against the broker and database named by
// KAFKA_BROKERS and DATABASE_URL (tools/bench/bench.sh brings them up), prints the table and
// writes it under tmp/bench/ as JSON and markdown. Options: tools/bench/README.md.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BenchOptionsError, parseBenchOptions } from './options/bench-options';
import { consoleProgress } from './infra/progress';
import { postgresLine, renderConsoleTable, renderMarkdown } from './report/bench-report';
import { runBench } from './run-bench';

const workspaceRoot = path.resolve(__dirname, '../../..');

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  const progress = consoleProgress();
  progress.step(`${options.quick ? 'quick' : 'full'} run: ${options.only.join(', ')}`);
  const report = await runBench(options, progress, workspaceRoot);

  const outputDir = path.resolve(workspaceRoot, options.outputDir);
  await mkdir(outputDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const markdown = renderMarkdown(report);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  await Promise.all([
    writeFile(path.join(outputDir, `bench-${stamp}.json`), json),
    writeFile(path.join(outputDir, `bench-${stamp}.md`), markdown),
    writeFile(path.join(outputDir, 'latest.json'), json),
    writeFile(path.join(outputDir, 'latest.md'), markdown),
  ]);
  const server = report.machine.postgres ? `\n${postgresLine(report.machine.postgres)}` : '';
  process.stdout.write(`\n${renderConsoleTable(report)}\n${server}\nwritten to ${path.relative(workspaceRoot, outputDir)}/bench-${stamp}.{json,md}\n`);
  return report.scenarios.some((scenario) => scenario.status === 'failed') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof BenchOptionsError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(error instanceof BenchOptionsError ? 2 : 1);
  },
);
