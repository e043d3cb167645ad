// Summarises an allocation profile (written by `npm run bench -- --alloc-prof <dir>`): how many
// bytes each function and each package or workspace folder allocated, collected or not, so the
// work on garbage collection starts from where the garbage comes from.
//
//   node -r ./tools/ts-register.cjs tools/bench/src/profile/heap-profile-summary.ts <file.heapprofile> [top]
import { readFileSync } from 'node:fs';
import { area, shortFile } from './cpu-profile-summary';

interface HeapProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children?: HeapProfileNode[];
}

export interface HeapProfile {
  head: HeapProfileNode;
}

export interface AllocationShare {
  name: string;
  megabytes: number;
  percent: number;
}

export function summariseHeapProfile(profile: HeapProfile, top = 25): { byFunction: AllocationShare[]; byArea: AllocationShare[]; totalMegabytes: number } {
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
  const shares = (entries: Map<string, number>) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, bytes]) => ({ name, megabytes: bytes / 1e6, percent: (100 * bytes) / total }));
  return { byFunction: shares(byFunction), byArea: shares(byArea), totalMegabytes: total / 1e6 };
}

function main(): void {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: heap-profile-summary.ts <file.heapprofile> [top]');
  const summary = summariseHeapProfile(JSON.parse(readFileSync(file, 'utf8')) as HeapProfile, Number(top ?? 25));
  const print = (title: string, shares: AllocationShare[]) => {
    process.stdout.write(`\n${title}\n`);
    for (const share of shares) process.stdout.write(`${share.percent.toFixed(1).padStart(6)} %  ${share.megabytes.toFixed(1).padStart(9)} MB  ${share.name}\n`);
  };
  process.stdout.write(`${summary.totalMegabytes.toFixed(0)} MB allocated (sampled)\n`);
  print('by area (bytes allocated)', summary.byArea);
  print('by function (bytes allocated)', summary.byFunction);
}

if (require.main === module) main();
