#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft mode) on 127.0.0.1, run from jars fetched from
# Maven Central. No Docker needed.
#
#   tools/kafka/kafka.sh install   fetch the pinned broker jars (skips when present)
#   tools/kafka/kafka.sh start     install if needed, format storage once, start, wait until it answers
#   tools/kafka/kafka.sh stop      stop cleanly (SIGTERM, then SIGKILL after a grace period)
#   tools/kafka/kafka.sh reset     stop and delete all broker data
#   tools/kafka/kafka.sh status    exit 0 when the broker is running and answering
#   tools/kafka/kafka.sh secrets   with KAFKA_AUTH=scram: make the passwords (and CA) now, not at start
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_DATA_DIR (tools/kafka/.data),
# KAFKA_HEAP_OPTS (-Xms256m -Xmx1g), KAFKA_START_TIMEOUT_SECONDS (60), JAVA_HOME.
#
# Authentication and ACLs (docs/operations/kafka-security.md), off by default:
#   KAFKA_AUTH=scram      clients authenticate with SASL/SCRAM-SHA-512 and the StandardAuthorizer
#                         allows only what an ACL grants (tools/kafka/acls.sh); every principal of
#                         tools/kafka/principals.txt gets a SCRAM credential when storage is formatted
#   KAFKA_TLS=true        with KAFKA_AUTH=scram: the client listener speaks SASL_SSL, with a
#                         certificate for 127.0.0.1 signed by a CA generated for this broker
#   KAFKA_SECRETS_DIR     where the generated passwords (<principal>.password) and the CA
#                         (ca.pem) are kept ($KAFKA_DATA_DIR/secrets)
# Switching a formatted broker between plaintext and SCRAM needs `reset` first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
data_dir="${KAFKA_DATA_DIR:-$here/.data}"
libs_dir="$here/.dist/libs"
heap_opts="${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}"
start_timeout="${KAFKA_START_TIMEOUT_SECONDS:-60}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
pid_file="$data_dir/broker.pid"
log_file="$data_dir/broker.out"
auth="${KAFKA_AUTH:-none}"
tls="${KAFKA_TLS:-false}"
secrets_dir="${KAFKA_SECRETS_DIR:-$data_dir/secrets}"
# shellcheck source=tools/kafka/security.sh
source "$here/security.sh"

log() { printf '[kafka] %s\n' "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid; pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

install() {
  if [[ -f "$libs_dir/kafka_2.13-$kafka_version.jar" ]]; then
    log "Kafka $kafka_version already installed in $libs_dir"
    return 0
  fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to fetch the broker jars"; exit 1; }
  log "fetching Kafka $kafka_version and its runtime dependencies from Maven Central"
  rm -rf "$libs_dir"
  mvn -q -B -f "$here/pom.xml" package
  [[ -f "$libs_dir/kafka_2.13-$kafka_version.jar" ]] || { log "install failed: broker jar missing"; exit 1; }
}

write_config() {
  mkdir -p "$data_dir/logs"
  cat > "$data_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data_dir/logs
num.partitions=3
auto.create.topics.enable=false
delete.topic.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
log.segment.bytes=268435456
log.cleaner.enable=true
# The controller appends a no-op record to the metadata log whenever it has written nothing for
# this long, so that brokers can tell a quiet controller from a lost one; at the default 500 ms
# that is the largest share of an idle broker's CPU. Half a minute still shows a lost controller
# well before anyone would act on it.
metadata.max.idle.interval.ms=30000
PROPS
  cat > "$data_dir/log4j.properties" <<PROPS
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
PROPS
}

format_storage() {
  [[ -f "$data_dir/logs/meta.properties" ]] && return 0
  # A node of a cluster (tools/kafka/cluster.sh) is formatted with the id its peers share.
  local cluster_id="${KAFKA_CLUSTER_ID:-}"
  [[ -n "$cluster_id" ]] || cluster_id="$("$java_bin" -cp "$libs_dir/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  log "formatting storage (cluster id $cluster_id)"
  local scram=()
  if [[ "$auth" == scram ]]; then
    local principal
    for principal in $(security_principals); do
      scram+=(--add-scram "SCRAM-SHA-512=[name=$principal,password=$(security_password "$principal")]")
    done
  fi
  "$java_bin" -cp "$libs_dir/*" -Dlog4j.configuration="file:$data_dir/log4j.properties" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$data_dir/server.properties" --ignore-formatted "${scram[@]}" >/dev/null
  echo "$auth" > "$data_dir/auth.mode"
}

start() {
  if pid="$(running_pid)"; then
    log "already running (pid $pid) on 127.0.0.1:$port"
    return 0
  fi
  if port_open "$port"; then
    log "port $port is taken by another process; set KAFKA_PORT or stop it"
    exit 1
  fi
  install
  write_config
  # A node of a cluster (cluster.sh) puts its own settings over these (a later key wins).
  [[ ! -f "$data_dir/node.properties" ]] || cat "$data_dir/node.properties" >> "$data_dir/server.properties"
  security_check_mode
  if [[ "$auth" != none ]]; then
    chmod 600 "$data_dir/server.properties"
    security_write_config >> "$data_dir/server.properties"
  fi
  format_storage
  log "starting Kafka $kafka_version on 127.0.0.1:$port (data in $data_dir, $(security_describe))"
  # shellcheck disable=SC2086
  nohup "$java_bin" $heap_opts -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$data_dir/log4j.properties" \
    -cp "$libs_dir/*" kafka.Kafka "$data_dir/server.properties" >"$log_file" 2>&1 &
  echo $! > "$pid_file"
  local deadline=$((SECONDS + start_timeout))
  until grep -q "Kafka Server started" "$log_file" 2>/dev/null && port_open "$port"; do
    if ! running_pid >/dev/null; then
      log "broker exited during start; its output:"; tail -n 40 "$log_file" >&2; exit 1
    fi
    if (( SECONDS > deadline )); then
      log "broker did not answer within ${start_timeout}s; its output:"; tail -n 40 "$log_file" >&2; exit 1
    fi
    sleep 0.5
  done
  log "ready at 127.0.0.1:$port"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    log "not running"
    rm -f "$pid_file"
    return 0
  fi
  log "stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; log "stopped"; return 0; }
    sleep 0.5
  done
  log "did not stop within 30s; killing"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}

reset() {
  stop
  log "deleting $data_dir"
  rm -rf "$data_dir"
}

status() {
  if pid="$(running_pid)" && port_open "$port"; then
    log "running (pid $pid) on 127.0.0.1:$port"
  else
    log "not running"; return 1
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  reset) reset ;;
  status) status ;;
  secrets) security_check_mode; security_prepare ;;
  *) echo "usage: $0 {install|start|stop|reset|status|secrets}" >&2; exit 2 ;;
esac
