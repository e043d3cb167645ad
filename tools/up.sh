#!/usr/bin/env bash
# Brings the whole of Ledgerline up on this machine with demo traffic: installs what is missing,
# starts the Kafka broker (unless KAFKA_BROKERS names one), makes sure PostgreSQL answers
# (DATABASE_URL), starts pos-ingestion, inventory-ledger, reorder-forecasting and the ops
# dashboard (each migrates its own schema at start as DATABASE_URL's user, then works as its own
# login role, ledgerline_<schema>, created without a password for a trust-authenticated local
# server), waits until each reports ready, then starts
# the POS simulator so the dashboard moves. Ctrl-C stops everything it started.
#
# Environment (besides each service's own variables, see .env.example):
#   ADMIN_API_KEY         configured credential of the admin scope of every service (a random one per run
#                         when unset); the credentials the demo needs are issued with it and printed
#   UP_PORT_BASE          first of four consecutive HTTP ports (3000: dashboard, +1 ingestion,
#                         +2 ledger, +3 forecasting)
#   UP_SIMULATOR          0 to start the services without demo traffic
#   SIMULATOR_ARGS        extra options for the POS simulator (see tools/pos-simulator)
#   UP_LOG_DIR            where the services' JSON logs go (tmp/up)
#   UP_KAFKA_AUTH         scram: Kafka with SASL/SCRAM and ACLs, each service (and the simulator's
#                         ERP) connecting as its own principal with only what tools/kafka/acls.sh
#                         grants it; the broker started here then uses port 9192 (KAFKA_PORT) and
#                         tools/kafka/.data-scram (KAFKA_DATA_DIR), apart from a plaintext one. With
#                         KAFKA_BROKERS set, KAFKA_SECRETS_DIR must hold the principals' passwords.
#   INVENTORY_LEDGER_DATABASE_URL, POS_INGESTION_DATABASE_URL, REORDER_FORECASTING_DATABASE_URL,
#   OPS_DASHBOARD_DATABASE_URL
#                         each service's own login role (default: DATABASE_URL as ledgerline_<schema>,
#                         no password); DATABASE_URL is the owner that migrates
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source tools/lib/infrastructure.sh

port_base="${UP_PORT_BASE:-3000}"
log_dir="${UP_LOG_DIR:-tmp/up}"
mkdir -p "$log_dir"
export ADMIN_API_KEY="${ADMIN_API_KEY:-$(node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("base64url"))')}"
export KAFKAJS_NO_PARTITIONER_WARNING=1
export LOG_LEVEL="${LOG_LEVEL:-info}"

declare -A pids=()
stopping=""

# stop_processes SECONDS NAME...: TERM, then KILL whatever still runs after SECONDS.
stop_processes() {
  local grace="$1" name; shift
  for name in "$@"; do kill -TERM "${pids[$name]}" 2>/dev/null || true; done
  for _ in $(seq 1 $((grace * 2))); do
    local alive=""
    for name in "$@"; do kill -0 "${pids[$name]}" 2>/dev/null && alive=1; done
    [[ -z "$alive" ]] && break
    sleep 0.5
  done
  for name in "$@"; do
    kill -KILL "${pids[$name]}" 2>/dev/null || true
    wait "${pids[$name]}" 2>/dev/null || true
  done
}

stop_all() {
  [[ -n "$stopping" ]] && return
  stopping=1
  set +m # no job-control notice for each process stopped
  log "stopping"
  # The simulator first, while pos-ingestion still takes what its tills hold.
  if [[ -n "${pids[pos-simulator]:-}" ]]; then
    stop_processes 10 pos-simulator
    unset 'pids[pos-simulator]'
  fi
  if (( ${#pids[@]} > 0 )); then stop_processes 15 "${!pids[@]}"; fi
  stop_started_infrastructure
}

# start NAME PORT ENTRYPOINT [VAR=value ...]: runs one service in the background, logging to a file.
start() {
  local name="$1" port="$2" entry="$3"; shift 3
  env "$@" HTTP_PORT="$port" INSTANCE_ID="$name-1" node -r ./tools/ts-register.cjs "$entry" >"$log_dir/$name.log" 2>&1 &
  pids[$name]=$!
  log "starting $name on http://127.0.0.1:$port (log: $log_dir/$name.log)"
}

# database_url_as ROLE: DATABASE_URL with ROLE as its user and no password.
database_url_as() {
  ROLE="$1" node -e 'const u = new URL(process.env.DATABASE_URL); u.username = process.env.ROLE; u.password = ""; process.stdout.write(u.toString())'
}

wait_ready() {
  local name="$1" port="$2" deadline=$((SECONDS + ${UP_START_TIMEOUT_SECONDS:-180}))
  until curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "${pids[$name]}" 2>/dev/null; then
      log "$name exited during start; the end of its log:"
      tail -n 30 "$log_dir/$name.log" >&2
      exit 1
    fi
    if (( SECONDS > deadline )); then
      log "$name is not ready after ${UP_START_TIMEOUT_SECONDS:-180} s; the end of its log:"
      tail -n 30 "$log_dir/$name.log" >&2
      exit 1
    fi
    sleep 1
  done
  log "$name is ready"
}

# issue_credential PORT LABEL SCOPE...: issues a credential of the service on PORT through its admin
# API and prints it (the service keeps only its hash).
issue_credential() {
  local port="$1" label="$2"; shift 2
  local scopes
  scopes="$(printf '"%s",' "$@")"
  curl -fsS -X POST "http://127.0.0.1:$port/v1/admin/credentials" \
    -H "authorization: Bearer $ADMIN_API_KEY" -H 'content-type: application/json' \
    -d "{\"scopes\":[${scopes%,}],\"label\":\"$label\"}" |
    node -e 'let t="";process.stdin.on("data",(c)=>t+=c).on("end",()=>process.stdout.write(JSON.parse(t).credential))'
}

# kafka_client_env NAME: the Kafka client settings of principal NAME, as VAR=value words (none
# without authentication).
kafka_client_env() {
  [[ "$kafka_auth" == scram ]] || return 0
  bash tools/kafka/acls.sh env "$1"
}

kafka_auth="${UP_KAFKA_AUTH:-none}"
case "$kafka_auth" in
  none) ;;
  scram)
    # A broker formatted in one mode refuses the other: the authenticated one keeps its own data and ports.
    export KAFKA_AUTH=scram
    export KAFKA_PORT="${KAFKA_PORT:-9192}" KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9193}"
    export KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$PWD/tools/kafka/.data-scram}"
    export KAFKA_SECRETS_DIR="${KAFKA_SECRETS_DIR:-$KAFKA_DATA_DIR/secrets}"
    ;;
  *) log "UP_KAFKA_AUTH must be none or scram, not '$kafka_auth'"; exit 2 ;;
esac

ensure_node_modules
ensure_postgres
ensure_kafka
if [[ "$kafka_auth" == scram ]]; then
  log "granting each Kafka principal what it does (tools/kafka/acls.sh apply)"
  bash tools/kafka/acls.sh apply >"$log_dir/kafka-acls.log" 2>&1 || { tail -n 20 "$log_dir/kafka-acls.log" >&2; exit 1; }
fi
trap stop_all EXIT
trap 'exit 0' INT TERM HUP
# Each process started below in a process group of its own: Ctrl-C reaches this script only, which
# stops the simulator first (it sends what its tills hold while pos-ingestion still takes it), then
# the services.
set -m

dashboard_port=$port_base
ingestion_port=$((port_base + 1))
ledger_port=$((port_base + 2))
forecasting_port=$((port_base + 3))

# A young generation of 32 MiB for the ledger: tools/bench/README.md, "Sixth round".
# The online-retail replay is priced in pounds, the generated demo in euros: the ledger values
# stock in the currency of what it is fed unless VALUATION_CURRENCY says otherwise.
case " ${SIMULATOR_ARGS:-} " in
  *" --replay "*) valuation_currency="${VALUATION_CURRENCY:-GBP}" ;;
  *) valuation_currency="${VALUATION_CURRENCY:-EUR}" ;;
esac
# shellcheck disable=SC2046 # the client settings are VAR=value words
start inventory-ledger "$ledger_port" apps/inventory-ledger/src/main.ts $(kafka_client_env inventory-ledger) NODE_OPTIONS=--max-semi-space-size=32 VALUATION_CURRENCY="$valuation_currency" \
  DATABASE_OWNER_URL="$DATABASE_URL" DATABASE_URL="${INVENTORY_LEDGER_DATABASE_URL:-$(database_url_as ledgerline_inventory_ledger)}"
# shellcheck disable=SC2046
start pos-ingestion "$ingestion_port" apps/pos-ingestion/src/main.ts $(kafka_client_env pos-ingestion) \
  DATABASE_OWNER_URL="$DATABASE_URL" DATABASE_URL="${POS_INGESTION_DATABASE_URL:-$(database_url_as ledgerline_pos_ingestion)}"
# shellcheck disable=SC2046
start reorder-forecasting "$forecasting_port" apps/reorder-forecasting/src/main.ts $(kafka_client_env reorder-forecasting) REFIT_INTERVAL_MS="${REFIT_INTERVAL_MS:-60000}" \
  DATABASE_OWNER_URL="$DATABASE_URL" DATABASE_URL="${REORDER_FORECASTING_DATABASE_URL:-$(database_url_as ledgerline_reorder_forecasting)}"
wait_ready inventory-ledger "$ledger_port"
wait_ready pos-ingestion "$ingestion_port"
wait_ready reorder-forecasting "$forecasting_port"
# Least privilege: the dashboard reads the drift audit and the rejections, nothing more; the demo
# reader may query the ledger and the forecasts and change policies.
dashboard_ledger_credential="$(issue_credential "$ledger_port" 'ops dashboard' stock:read)"
dashboard_ingestion_credential="$(issue_credential "$ingestion_port" 'ops dashboard' rejections:read counts:read)"
dashboard_forecasting_credential="$(issue_credential "$forecasting_port" 'ops dashboard' forecast:read)"
# The dead-letter actions of the dashboard go through each service's admin API: admin scope only.
dashboard_ingestion_admin="$(issue_credential "$ingestion_port" 'ops dashboard dead letters' admin)"
dashboard_ledger_admin="$(issue_credential "$ledger_port" 'ops dashboard dead letters' admin)"
dashboard_forecasting_admin="$(issue_credential "$forecasting_port" 'ops dashboard dead letters' admin)"
ledger_reader_credential="$(issue_credential "$ledger_port" 'demo reader' stock:read valuation:read)"
forecasting_credential="$(issue_credential "$forecasting_port" 'demo planner' forecast:read policy:write forecast:refit)"
# shellcheck disable=SC2046
start ops-dashboard "$dashboard_port" apps/ops-dashboard/src/main.ts $(kafka_client_env ops-dashboard) \
  DATABASE_OWNER_URL="$DATABASE_URL" DATABASE_URL="${OPS_DASHBOARD_DATABASE_URL:-$(database_url_as ledgerline_ops_dashboard)}" \
  INVENTORY_LEDGER_CREDENTIAL="$dashboard_ledger_credential" \
  POS_INGESTION_CREDENTIAL="$dashboard_ingestion_credential" \
  REORDER_FORECASTING_CREDENTIAL="$dashboard_forecasting_credential" \
  POS_INGESTION_ADMIN_CREDENTIAL="$dashboard_ingestion_admin" \
  INVENTORY_LEDGER_ADMIN_CREDENTIAL="$dashboard_ledger_admin" \
  REORDER_FORECASTING_ADMIN_CREDENTIAL="$dashboard_forecasting_admin" \
  POS_INGESTION_URL="http://127.0.0.1:$ingestion_port" \
  INVENTORY_LEDGER_URL="http://127.0.0.1:$ledger_port" \
  REORDER_FORECASTING_URL="http://127.0.0.1:$forecasting_port"
wait_ready ops-dashboard "$dashboard_port"
viewer_credential="$(issue_credential "$dashboard_port" 'demo viewer' dashboard:view)"
operator_credential="$(issue_credential "$dashboard_port" 'demo operator' dashboard:view alerts:acknowledge dead-letters:act)"

if [[ "${UP_SIMULATOR:-1}" != "0" ]]; then
  # The simulator's ERP answers reorder suggestions on Kafka as the principal erp.
  # shellcheck disable=SC2086,SC2046 # SIMULATOR_ARGS is a list of options
  env $(kafka_client_env erp) POS_INGESTION_URL="http://127.0.0.1:$ingestion_port" node -r ./tools/ts-register.cjs tools/pos-simulator/src/main.ts ${SIMULATOR_ARGS:---history-days 21 --opening-cover 300} >"$log_dir/pos-simulator.log" 2>&1 &
  pids[pos-simulator]=$!
  log "POS simulator sending demo traffic (log: $log_dir/pos-simulator.log)"
fi

cat >&2 <<EOT

  Ledgerline is up.
    ops dashboard        http://127.0.0.1:$dashboard_port/
    pos-ingestion API    http://127.0.0.1:$ingestion_port/docs
    inventory-ledger API http://127.0.0.1:$ledger_port/docs
    reorder-forecasting  http://127.0.0.1:$forecasting_port/docs
    Kafka                $KAFKA_BROKERS$([[ "$kafka_auth" == scram ]] && echo "   (SASL/SCRAM, ACLs on; passwords in $KAFKA_SECRETS_DIR)")
    PostgreSQL           $DATABASE_URL
    admin API key        $ADMIN_API_KEY   (scope admin, every service)
    ledger reader        $ledger_reader_credential   (stock:read valuation:read)
    forecasting planner  $forecasting_credential   (forecast:read policy:write forecast:refit)
    dashboard viewer     $viewer_credential   (dashboard:view: sign in on the dashboard page to see it)
    dashboard operator   $operator_credential   (dashboard:view alerts:acknowledge dead-letters:act)
  Send them as Authorization: Bearer <credential>; see docs/security.md.
  Press Ctrl-C to stop.

EOT

# Stay up while the services are; if one dies, say so and stop the rest.
while true; do
  for name in "${!pids[@]}"; do
    if ! kill -0 "${pids[$name]}" 2>/dev/null; then
      if [[ "$name" == "pos-simulator" ]]; then
        log "the POS simulator finished (log: $log_dir/pos-simulator.log)"
        unset 'pids[pos-simulator]'
        continue
      fi
      log "$name stopped unexpectedly; the end of its log:"
      tail -n 30 "$log_dir/$name.log" >&2
      exit 1
    fi
  done
  sleep 2 & wait $!
done
