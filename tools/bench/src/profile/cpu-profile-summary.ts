// Summarises a V8 .cpuprofile (written by `npm run bench -- --cpu-prof <dir>`): where a service
// spent its CPU, by function (self time) and by package or workspace folder, so optimisation
// starts from measurements.
//
//   node -r ./tools/ts-register.cjs tools/bench/src/profile/cpu-profile-summary.ts <file.cpuprofile> [top]
import { readFileSync } from 'node:fs';
import { printShares, rankShares, type Share } from './ranked-shares';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time by function and by area, in microseconds. */
export function summariseProfile(profile: CpuProfile, top = 25): { byFunction: Share[]; byArea: Share[]; totalMs: number } {
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((nodeId, index) => selfMicros.set(nodeId, (selfMicros.get(nodeId) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const micros = selfMicros.get(node.id) ?? 0;
    if (micros === 0) continue;
    total += micros;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '');
    const name = `${functionName || '(anonymous)'} ${shortFile(file)}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byArea.set(area(file, functionName), (byArea.get(area(file, functionName)) ?? 0) + micros);
  }
  return { byFunction: rankShares(byFunction, total, top), byArea: rankShares(byArea, total, top), totalMs: total / 1000 };
}

export function shortFile(file: string): string {
  const modules = file.lastIndexOf('node_modules/');
  if (modules >= 0) return file.slice(modules + 'node_modules/'.length);
  const workspace = /\/(apps|libs|tools)\//.exec(file);
  return workspace ? file.slice(workspace.index + 1) : file;
}

/** The package, workspace folder or engine bucket (`(garbage collector)`, `node core`) a frame belongs to. */
export function area(file: string, functionName: string): string {
  if (file === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (modules?.[1]) return modules[1];
  const workspace = /\/((?:apps|tools)\/[^/]+|libs\/[^/]+\/[^/]+)\/(?:src\/)?([^/]+)?/.exec(file);
  if (workspace?.[1]) return workspace[2] && !workspace[2].endsWith('.ts') ? `${workspace[1]}/${workspace[2]}` : workspace[1];
  return file.startsWith('node:') ? 'node core' : file;
}

function main(): void {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [top]');
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(top ?? 25));
  const milliseconds = (micros: number) => `${(micros / 1000).toFixed(0)} ms`;
  process.stdout.write(`${summary.totalMs.toFixed(0)} ms sampled\n`);
  printShares('by area (self time)', summary.byArea, milliseconds);
  printShares('by function (self time)', summary.byFunction, milliseconds);
}

if (require.main === module) main();
