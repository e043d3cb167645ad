// Loads the history through the ledger's bulk-load command instead of the movements topic: the
// bench streams the movements topic's values to the command's standard input, one per line, and
// the command applies them with the ledger's own rules and batch writer (withholding their events,
// its default). It runs as its own process, as an operator would run it, before the ledger starts.
import { spawn } from 'node:child_process';
import type { EncodedRecord } from '@ledgerline/contracts';
import type { ScenarioContext } from '../scenario';

export interface BulkLoaded {
  lines: number;
  applied: number;
  duplicates: number;
  refused: number;
  seconds: number;
}

/** Lines handed to the pipe in one write. */
const LINES_PER_WRITE = 1_000;

export async function bulkLoad(
  records: Iterable<EncodedRecord> | AsyncIterable<EncodedRecord>,
  { databaseEnv, checkout, settings, progress }: { databaseEnv: Record<string, string>; checkout: string; settings: Record<string, string>; progress: ScenarioContext['progress'] },
): Promise<BulkLoaded> {
  const child = spawn(process.execPath, ['-r', './tools/ts-register.cjs', 'apps/inventory-ledger/src/cli/bulk-load.ts', '--file', '-'], {
    cwd: checkout,
    env: { ...process.env, NODE_ENV: 'production', ...databaseEnv, ...settings },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
    const last = chunk.toString().trim().split('\n').at(-1) ?? '';
    if (last.startsWith('{"progress"')) progress.update(`history: bulk load ${last}`);
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  // A loader that stops early closes its input: the writes below then fail, and its exit says why.
  child.stdin.on('error', () => undefined);

  let lines: string[] = [];
  const flush = async () => {
    if (lines.length === 0 || child.stdin.destroyed) return;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    if (child.stdin.write(text)) return;
    await new Promise<void>((resolve) => {
      const resume = () => {
        child.stdin.off('drain', resume).off('close', resume);
        resolve();
      };
      child.stdin.on('drain', resume).on('close', resume);
    });
  };
  for await (const record of records) {
    lines.push(record.value);
    if (lines.length >= LINES_PER_WRITE) await flush();
  }
  await flush();
  child.stdin.end();
  const code = await exited;
  // 3: loaded, with some lines refused (reported in the figure).
  if (code !== 0 && code !== 3) throw new Error(`the ledger's bulk-load command exited with ${code}; its last output:\n${stderr}`);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as BulkLoaded;
}
