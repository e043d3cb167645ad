#!/usr/bin/env bash
# Measures Ledgerline on this machine: the raw Kafka and PostgreSQL limits, the ledger, the system
# end to end and forecasting. Brings up what it needs (as `npm test` does), prints a table and
# writes it to tmp/bench/ as JSON and markdown.
#
#   npm run bench                 full run
#   npm run bench -- --quick      every scenario, small (well under two minutes)
#   npm run bench -- --only ledger,limits --ledger-movements 500000
# Every size is also an environment variable (see tools/bench/README.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source tools/lib/infrastructure.sh

ensure_node_modules
ensure_postgres
ensure_kafka
trap stop_started_infrastructure EXIT

export KAFKAJS_NO_PARTITIONER_WARNING=1
node -r ./tools/ts-register.cjs tools/bench/src/main.ts "$@"
