# Shared by the test and run commands: bring up what the system needs, remember what was
# started so it can be stopped again.
started_kafka=""

log() { printf '[ledgerline] %s\n' "$*" >&2; }

ensure_node_modules() {
  # A node_modules linked from another checkout (git worktrees sharing one install) belongs to
  # that checkout: npm ci here would follow the link and empty it under everyone using it.
  if [[ -L node_modules ]]; then
    if [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
      log "node_modules links to $(readlink node_modules), installed before this package-lock.json; leaving it as it is (run npm ci where it lives if the dependencies changed)"
    fi
    return 0
  fi
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund
  else
    # npm ci applies the dependency patches (postinstall); a tree installed before a patch was
    # added gets it here.
    node tools/patches/src/apply-patches.cjs >/dev/null
  fi
}

ensure_postgres() {
  export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
  if node -e 'const { Client } = require("pg"); const c = new Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 3000 }); c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));'; then
    return 0
  fi
  log "PostgreSQL does not answer at $DATABASE_URL; trying to start the local cluster"
  if ! command -v pg_ctlcluster >/dev/null; then
    log "installing PostgreSQL from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local version; version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return 0
    sleep 1
  done
  log "PostgreSQL is not reachable at $DATABASE_URL; start it or set DATABASE_URL"
  exit 1
}

ensure_kafka() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    log "using Kafka at $KAFKA_BROKERS"
    return 0
  fi
  export KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT:-9092}"
  if bash tools/kafka/kafka.sh status 2>/dev/null; then
    return 0
  fi
  bash tools/kafka/kafka.sh start
  started_kafka=1
}

stop_started_infrastructure() {
  if [[ -n "$started_kafka" && -z "${KEEP_KAFKA:-}" ]]; then
    bash tools/kafka/kafka.sh stop || true
  fi
}
