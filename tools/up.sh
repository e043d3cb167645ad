#!/usr/bin/env bash
# Brings Ledgerline up on this machine: installs what is missing, starts the Kafka broker
# (unless KAFKA_BROKERS names one), makes sure PostgreSQL answers (DATABASE_URL), and keeps
# running until Ctrl-C, when it stops everything it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source tools/lib/infrastructure.sh

ensure_node_modules
ensure_postgres
ensure_kafka
trap stop_started_infrastructure EXIT
trap 'exit 0' INT TERM

log "Kafka:      $KAFKA_BROKERS"
log "PostgreSQL: $DATABASE_URL"
log "running; press Ctrl-C to stop"
while true; do sleep 3600 & wait $!; done
