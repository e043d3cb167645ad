// Preloaded into a service only with `npm run bench -- --alloc-prof <dir>`: samples every
// allocation with V8's heap profiler, including objects already collected (Node's own
// --heap-prof keeps only what is still alive at exit, which hides short-lived garbage, the kind
// that drives scavenges), and writes the profile to BENCH_ALLOCATION_PROFILE_FILE when the bench
// stops the service.
'use strict';
const inspector = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const file = process.env.BENCH_ALLOCATION_PROFILE_FILE;
if (file) {
  const session = new inspector.Session();
  session.connect();
  session.post('HeapProfiler.enable');
  // One sample per 32 KiB allocated on average: cheap enough to leave the rates meaningful.
  session.post('HeapProfiler.startSampling', { samplingInterval: 32_768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  process.prependListener('SIGTERM', () => {
    // An in-process inspector session answers synchronously, so the file is written before exit.
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (error) return;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(result.profile));
    });
    setTimeout(() => process.exit(0), 50);
  });
}
