#!/usr/bin/env bash
# The whole test suite: installs what is missing, makes sure a real Kafka broker and PostgreSQL
# are there, then lints, type-checks and tests every project through Nx.
#
# Uses KAFKA_BROKERS / DATABASE_URL when set; otherwise starts the local broker (tools/kafka) and
# uses PostgreSQL on 127.0.0.1:5432, stopping the broker again afterwards if it started it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source tools/lib/infrastructure.sh

ensure_node_modules
ensure_postgres
ensure_kafka
trap stop_started_infrastructure EXIT

export KAFKAJS_NO_PARTITIONER_WARNING=1
rm -rf tmp/test-results
status=0
if [ "$#" -gt 0 ]; then
  npx nx run-many -t lint typecheck test --outputStyle=stream "$@" || status=$?
else
  # The fault drills (tools/chaos) time answers, exits and recoveries against bounds, and each one
  # loads the machine on purpose: they run last and alone, not beside the other suites (the
  # benchmark's among them), whose load would only add noise to their clocks.
  npx nx run-many -t lint typecheck test --exclude chaos --outputStyle=stream || status=$?
  npx nx run-many -t lint typecheck test -p chaos --parallel=1 --outputStyle=stream || status=$?
fi

node -e '
  // One closing line for the whole workspace, from the JSON results each project wrote.
  const fs = require("node:fs"); const dir = "tmp/test-results";
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((file) => file.endsWith(".json")) : [];
  let passed = 0, failed = 0, skipped = 0;
  for (const file of files) {
    const r = JSON.parse(fs.readFileSync(`${dir}/${file}`, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites; skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`\n${files.length} test projects`);
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
'
exit "$status"
