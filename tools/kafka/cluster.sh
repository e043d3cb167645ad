#!/usr/bin/env bash
# A local Kafka cluster of three brokers on 127.0.0.1 (KRaft: each node is broker and controller,
# the three form one quorum), from the same jars as kafka.sh. Each node is started and stopped
# through kafka.sh with its own ports, data directory and configuration, so a single node can be
# stopped, killed or restarted while the other two keep serving.
#
#   tools/kafka/cluster.sh start [node]   start every node (or node 1, 2 or 3), wait until each answers
#   tools/kafka/cluster.sh stop [node]    stop every node (or one) cleanly
#   tools/kafka/cluster.sh kill <node>    SIGKILL one node's JVM (no controlled shutdown)
#   tools/kafka/cluster.sh status         exit 0 when every node is running and answering
#   tools/kafka/cluster.sh reset          stop and delete all data of the cluster
#   tools/kafka/cluster.sh brokers        print the bootstrap list, for KAFKA_BROKERS
#
# Environment: KAFKA_CLUSTER_PORTS (9192,9193,9194), KAFKA_CLUSTER_CONTROLLER_PORTS
# (9195,9196,9197), KAFKA_CLUSTER_DATA_DIR (tools/kafka/.cluster), and kafka.sh's KAFKA_HEAP_OPTS,
# KAFKA_START_TIMEOUT_SECONDS, JAVA_HOME, KAFKA_AUTH and KAFKA_TLS: with KAFKA_AUTH=scram every
# node authenticates clients and each other, and the nodes share one set of passwords and one CA
# in $KAFKA_CLUSTER_DATA_DIR/secrets (tools/kafka/acls.sh with KAFKA_SECRETS_DIR set to it).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
IFS=, read -r -a ports <<<"${KAFKA_CLUSTER_PORTS:-9192,9193,9194}"
IFS=, read -r -a controller_ports <<<"${KAFKA_CLUSTER_CONTROLLER_PORTS:-9195,9196,9197}"
cluster_dir="${KAFKA_CLUSTER_DATA_DIR:-$here/.cluster}"
size=3

log() { printf '[kafka-cluster] %s\n' "$*" >&2; }

(( ${#ports[@]} == size && ${#controller_ports[@]} == size )) || {
  log "KAFKA_CLUSTER_PORTS and KAFKA_CLUSTER_CONTROLLER_PORTS must each list $size ports"; exit 2
}

node_dir() { echo "$cluster_dir/node-$1"; }

voters() {
  local node list=()
  for node in $(seq 1 "$size"); do list+=("$node@127.0.0.1:${controller_ports[node - 1]}"); done
  (IFS=,; echo "${list[*]}")
}

brokers() {
  local node list=()
  for node in $(seq 1 "$size"); do list+=("127.0.0.1:${ports[node - 1]}"); done
  (IFS=,; echo "${list[*]}")
}

# kafka.sh writes a node's base configuration for its ports and data directory; these settings
# go over it. Replicated like production: internal topics on all three nodes, a write needs two of
# them, and a replica that fell out of sync never becomes leader.
write_node_config() {
  local node="$1" dir; dir="$(node_dir "$1")"
  mkdir -p "$dir"
  cat > "$dir/node.properties" <<PROPS
node.id=$node
controller.quorum.voters=$(voters)
default.replication.factor=3
min.insync.replicas=2
unclean.leader.election.enable=false
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
PROPS
}

# kafka.sh for one node: its ports and data directory, the configuration written above.
node_kafka() {
  local node="$1" command="$2"
  KAFKA_PORT="${ports[node - 1]}" KAFKA_CONTROLLER_PORT="${controller_ports[node - 1]}" KAFKA_DATA_DIR="$(node_dir "$node")" \
    KAFKA_CLUSTER_ID="$(cluster_id)" KAFKA_SECRETS_DIR="$cluster_dir/secrets" bash "$here/kafka.sh" "$command"
}

# One id for the whole cluster, made once: every node's storage is formatted with it.
cluster_id() {
  local file="$cluster_dir/cluster.id"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$cluster_dir"
    java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
    "$java_bin" -cp "$here/.dist/libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1 > "$file"
  fi
  cat "$file"
}

nodes_of() {
  if [[ -n "${1:-}" ]]; then
    [[ "$1" =~ ^[1-3]$ ]] || { log "node must be 1, 2 or 3"; exit 2; }
    echo "$1"
  else
    seq 1 "$size"
  fi
}

start() {
  bash "$here/kafka.sh" install
  cluster_id >/dev/null
  KAFKA_DATA_DIR="$cluster_dir" KAFKA_SECRETS_DIR="$cluster_dir/secrets" bash "$here/kafka.sh" secrets
  local node pids=() failed=0
  # All at once: a node answers only when a majority of the quorum is up.
  for node in $(nodes_of "${1:-}"); do
    write_node_config "$node"
    node_kafka "$node" start & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  (( failed == 0 )) || { log "a node did not start; see $cluster_dir/node-*/broker.out"; exit 1; }
  log "ready: KAFKA_BROKERS=$(brokers)"
}

stop() {
  local node pids=()
  # All at once: a node left alone without a quorum majority cannot finish a controlled shutdown.
  for node in $(nodes_of "${1:-}"); do node_kafka "$node" stop & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
}

kill_node() {
  [[ -n "${1:-}" ]] || { log "kill needs a node: 1, 2 or 3"; exit 2; }
  local node pid_file; node="$(nodes_of "$1")"; pid_file="$(node_dir "$node")/broker.pid"
  [[ -f "$pid_file" ]] || { log "node $node is not running"; return 0; }
  kill -KILL "$(cat "$pid_file")" 2>/dev/null || true
  rm -f "$pid_file"
  log "node $node killed"
}

status() {
  local node failed=0
  for node in $(nodes_of "${1:-}"); do node_kafka "$node" status || failed=1; done
  return "$failed"
}

reset() {
  stop
  log "deleting $cluster_dir"
  rm -rf "$cluster_dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  kill) kill_node "${2:-}" ;;
  status) status "${2:-}" ;;
  reset) reset ;;
  brokers) brokers ;;
  *) echo "usage: $0 {start [node]|stop [node]|kill <node>|status [node]|reset|brokers}" >&2; exit 2 ;;
esac
