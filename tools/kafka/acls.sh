#!/usr/bin/env bash
# The platform's principals and ACLs on a broker or cluster started with KAFKA_AUTH=scram
# (docs/operations/kafka-security.md).
#
#   tools/kafka/acls.sh apply [--topic-prefix P] [--group-prefix principal=prefix ...] [--no-create] [--dry-run]
#                                  grant every principal what tools/kafka/src/platform-acls.ts says
#                                  (its consumer groups: those starting with its name, or with the
#                                  prefixes given for it)
#   tools/kafka/acls.sh add-user NAME   create (or change) NAME's SCRAM-SHA-512 credential, its
#                                  password generated into the secrets directory (another ERP, say)
#   tools/kafka/acls.sh list       the ACLs the cluster holds
#   tools/kafka/acls.sh env NAME   print the client settings of principal NAME, for `eval`
#
# Connects as `admin` (a super user) with the password kafka.sh generated. Environment:
# KAFKA_BROKERS (127.0.0.1:$KAFKA_PORT), KAFKA_SECRETS_DIR (tools/kafka/.data/secrets; for
# cluster.sh: tools/kafka/.cluster/secrets), KAFKA_TLS (true when the brokers speak SASL_SSL).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
brokers="${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}"
secrets_dir="${KAFKA_SECRETS_DIR:-${KAFKA_DATA_DIR:-$here/.data}/secrets}"
tls="${KAFKA_TLS:-false}"
libs_dir="$here/.dist/libs"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { printf '[kafka-acls] %s\n' "$*" >&2; }

password_file() {
  local file="$secrets_dir/$1.password"
  [[ -s "$file" ]] || { log "no password for '$1' in $secrets_dir (set KAFKA_SECRETS_DIR)"; exit 1; }
  echo "$file"
}

# Client settings of one principal, as environment variables for kafkajs (kafka-security.ts).
client_env() {
  echo "KAFKA_SASL_MECHANISM=scram-sha-512"
  echo "KAFKA_SASL_USERNAME=$1"
  echo "KAFKA_SASL_PASSWORD_FILE=$(password_file "$1")"
  if [[ "$tls" == true ]]; then
    echo "KAFKA_SSL=true"
    echo "KAFKA_SSL_CA_FILE=$secrets_dir/ca.pem"
  fi
}

# The admin's settings for the broker's own command line tools; the file holds the password, so it
# is written with mode 600 and removed on exit.
admin_properties() {
  local file; file="$(mktemp)"; chmod 600 "$file"
  local protocol=SASL_PLAINTEXT; [[ "$tls" == true ]] && protocol=SASL_SSL
  {
    echo "security.protocol=$protocol"
    echo "sasl.mechanism=SCRAM-SHA-512"
    echo "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$(cat "$(password_file admin)")\";"
    if [[ "$tls" == true ]]; then
      echo "ssl.truststore.type=PEM"
      echo "ssl.truststore.location=$secrets_dir/ca.pem"
    fi
  } > "$file"
  echo "$file"
}

kafka_tool() {
  "$java_bin" -cp "$libs_dir/*" -Dlog4j.configuration="file:$here/tool-log4j.properties" "$@"
}

apply() {
  cd "$root"
  env $(client_env admin) KAFKA_BROKERS="$brokers" node -r ./tools/ts-register.cjs tools/kafka/src/apply-acls.ts "$@"
}

add_user() {
  local name="${1:-}"
  [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || { log "add-user needs a name of letters, digits, dot, dash or underscore"; exit 2; }
  local file="$secrets_dir/$name.password"
  if [[ ! -s "$file" ]]; then
    (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$file")
  fi
  local properties; properties="$(admin_properties)"; trap 'rm -f "$properties"' RETURN
  kafka_tool kafka.admin.ConfigCommand --bootstrap-server "${brokers%%,*}" --command-config "$properties" \
    --alter --entity-type users --entity-name "$name" --add-config "SCRAM-SHA-512=[password=$(cat "$file")]" >/dev/null
  log "SCRAM credential of '$name' set; its password is in $file"
}

list() {
  local properties; properties="$(admin_properties)"; trap 'rm -f "$properties"' RETURN
  kafka_tool kafka.admin.AclCommand --bootstrap-server "${brokers%%,*}" --command-config "$properties" --list
}

case "${1:-}" in
  apply) shift; apply "$@" ;;
  add-user) add_user "${2:-}" ;;
  list) list ;;
  env) [[ -n "${2:-}" ]] || { log "env needs a principal"; exit 2; }; client_env "$2" ;;
  *) echo "usage: $0 {apply [--topic-prefix P] [--group-prefix principal=prefix ...] [--no-create] [--dry-run]|add-user NAME|list|env NAME}" >&2; exit 2 ;;
esac
