// Preloaded into a service only with `npm run bench -- --idle-cpu-prof <dir>`: a V8 CPU profile of
// one window of the run, not of its whole life (`--cpu-prof` covers start-up and catch-up, which
// drown what an idle service does). The bench sends SIGUSR2 when the window opens and again when
// it closes; the second writes the profile to BENCH_WINDOW_CPU_PROFILE_FILE and then creates the
// same name with `.done` appended, so the bench knows the file is whole.
'use strict';
const inspector = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const file = process.env.BENCH_WINDOW_CPU_PROFILE_FILE;
if (file) {
  const session = new inspector.Session();
  session.connect();
  let profiling = false;
  process.on('SIGUSR2', () => {
    if (!profiling) {
      profiling = true;
      session.post('Profiler.enable');
      session.post('Profiler.start');
      return;
    }
    profiling = false;
    session.post('Profiler.stop', (error, result) => {
      mkdirSync(path.dirname(file), { recursive: true });
      if (error) {
        writeFileSync(`${file}.done`, String(error));
        return;
      }
      writeFileSync(file, JSON.stringify(result.profile));
      writeFileSync(`${file}.done`, '');
    });
  });
}
