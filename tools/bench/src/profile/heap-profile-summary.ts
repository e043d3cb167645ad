// Summarises an allocation profile (written by `npm run bench -- --alloc-prof <dir>`): how many
// bytes each function and each package or workspace folder allocated, collected or not, so the
// work on garbage collection starts from where the garbage comes from.
//
//   node -r ./tools/ts-register.cjs tools/bench/src/profile/heap-profile-summary.ts <file.heapprofile> [top]
import { readFileSync } from 'node:fs';
import { area, shortFile } from './cpu-profile-summary';
import { printShares, rankShares, type Share } from './ranked-shares';

interface HeapProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children?: HeapProfileNode[];
}

export interface HeapProfile {
  head: HeapProfileNode;
}

/** Bytes allocated by function and by area. */
export function summariseHeapProfile(profile: HeapProfile, top = 25): { byFunction: Share[]; byArea: Share[]; totalMegabytes: number } {
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  const pending: HeapProfileNode[] = [profile.head];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    pending.push(...(node.children ?? []));
    if (node.selfSize === 0) continue;
    total += node.selfSize;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '');
    const name = `${functionName || '(anonymous)'} ${shortFile(file)}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    const where = area(file, functionName);
    byArea.set(where, (byArea.get(where) ?? 0) + node.selfSize);
  }
  return { byFunction: rankShares(byFunction, total, top), byArea: rankShares(byArea, total, top), totalMegabytes: total / 1e6 };
}

function main(): void {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: heap-profile-summary.ts <file.heapprofile> [top]');
  const summary = summariseHeapProfile(JSON.parse(readFileSync(file, 'utf8')) as HeapProfile, Number(top ?? 25));
  const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  process.stdout.write(`${summary.totalMegabytes.toFixed(0)} MB allocated (sampled)\n`);
  printShares('by area (bytes allocated)', summary.byArea, megabytes);
  printShares('by function (bytes allocated)', summary.byFunction, megabytes);
}

if (require.main === module) main();
