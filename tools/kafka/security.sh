# Authentication, ACLs and TLS for the local broker; sourced by kafka.sh, which sets $auth, $tls,
# $secrets_dir, $data_dir, $port and $controller_port (docs/operations/kafka-security.md).
#
# Listeners when KAFKA_AUTH=scram:
#   CLIENT      127.0.0.1:$port, SASL_PLAINTEXT (SASL_SSL with KAFKA_TLS=true), SCRAM-SHA-512. The
#               brokers of a cluster also talk to each other here, as the principal `broker`.
#   CONTROLLER  127.0.0.1:$controller_port, SASL_PLAINTEXT with PLAIN: the KRaft controller cannot
#               check SCRAM credentials (they live in the metadata it serves), so `broker` is listed
#               with its password in the listener's own JAAS configuration. No anonymous principal
#               is trusted anywhere: whoever reaches a port must still prove to be `broker` or `admin`.
# `broker` and `admin` are super users (admin runs acls.sh); every other principal gets only what
# tools/kafka/acls.sh grants it, and whatever no ACL allows is refused.

security_principals() {
  # The broker's own principal first, then every principal of the platform (one a line, # comments).
  echo broker
  sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/principals.txt"
}

# A principal's password, generated on first use and kept (mode 600) in the secrets directory.
security_password() {
  local file="$secrets_dir/$1.password"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$secrets_dir" && chmod 700 "$secrets_dir"
    (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "$file")
  fi
  cat "$file"
}

# Every password (and with TLS the CA and certificate) made ahead, once: the nodes of a cluster
# start at the same time and must not each make their own.
security_prepare() {
  [[ "$auth" == scram ]] || return 0
  local principal
  for principal in $(security_principals); do security_password "$principal" >/dev/null; done
  [[ "$tls" != true ]] || security_keystores
}

security_describe() {
  case "$auth" in
    none) echo "plaintext, no authentication" ;;
    scram) echo "SASL/SCRAM-SHA-512$([[ "$tls" == true ]] && echo " over TLS"), ACLs on, secrets in $secrets_dir" ;;
  esac
}

# Refuses a mode the storage was not formatted for: the SCRAM credentials are written at format time.
security_check_mode() {
  case "$auth" in none | scram) ;; *) log "KAFKA_AUTH must be none or scram, not '$auth'"; exit 2 ;; esac
  case "$tls" in false | true) ;; *) log "KAFKA_TLS must be true or false, not '$tls'"; exit 2 ;; esac
  if [[ "$tls" == true && "$auth" != scram ]]; then log "KAFKA_TLS=true needs KAFKA_AUTH=scram"; exit 2; fi
  local formatted
  [[ -f "$data_dir/logs/meta.properties" ]] || return 0
  formatted="$(cat "$data_dir/auth.mode" 2>/dev/null || echo none)"
  if [[ "$formatted" != "$auth" ]]; then
    log "the storage in $data_dir was formatted with KAFKA_AUTH=$formatted, not $auth: run reset first (it deletes the broker's data)"
    exit 2
  fi
}

# The settings that go over kafka.sh's plaintext configuration (a later key wins).
security_write_config() {
  local broker_password protocol=SASL_PLAINTEXT
  broker_password="$(security_password broker)"
  [[ "$tls" == true ]] && protocol=SASL_SSL
  cat <<PROPS
listeners=CLIENT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=CLIENT://127.0.0.1:$port
listener.security.protocol.map=CLIENT:$protocol,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=CLIENT
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="$broker_password";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="$broker_password" user_broker="$broker_password";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:broker;User:admin
allow.everyone.if.no.acl.found=false
PROPS
  if [[ "$tls" == true ]]; then
    security_keystores
    local store_password; store_password="$(security_password keystore)"
    cat <<PROPS
listener.name.client.ssl.keystore.type=PKCS12
listener.name.client.ssl.keystore.location=$secrets_dir/broker.p12
listener.name.client.ssl.keystore.password=$store_password
listener.name.client.ssl.truststore.type=PKCS12
listener.name.client.ssl.truststore.location=$secrets_dir/truststore.p12
listener.name.client.ssl.truststore.password=$store_password
listener.name.client.ssl.endpoint.identification.algorithm=https
PROPS
  fi
  # Refused requests are logged with principal, operation and resource, apart from the broker's output.
  cat >> "$data_dir/log4j.properties" <<PROPS
log4j.logger.kafka.authorizer.logger=INFO, authorizer
log4j.additivity.kafka.authorizer.logger=false
log4j.appender.authorizer=org.apache.log4j.FileAppender
log4j.appender.authorizer.File=$data_dir/authorizer.log
log4j.appender.authorizer.layout=org.apache.log4j.PatternLayout
log4j.appender.authorizer.layout.ConversionPattern=[%d] %p %m%n
PROPS
}

# A CA made for this broker (or cluster: the secrets directory is shared) and a certificate for
# 127.0.0.1 and localhost signed by it; clients trust ca.pem (KAFKA_SSL_CA_FILE).
security_keystores() {
  [[ -s "$secrets_dir/broker.p12" && -s "$secrets_dir/truststore.p12" && -s "$secrets_dir/ca.pem" ]] && return 0
  command -v keytool >/dev/null || { log "keytool (from the JDK) is required for KAFKA_TLS=true"; exit 1; }
  local pw; pw="$(security_password keystore)"
  local dir="$secrets_dir" days=825
  rm -f "$dir/ca.p12" "$dir/ca.pem" "$dir/broker.p12" "$dir/broker.csr" "$dir/broker.pem" "$dir/truststore.p12"
  keytool -genkeypair -alias ca -keyalg RSA -keysize 2048 -dname "CN=Ledgerline local Kafka CA" -ext bc:c -validity "$days" \
    -keystore "$dir/ca.p12" -storetype PKCS12 -storepass "$pw" >/dev/null 2>&1
  keytool -exportcert -rfc -alias ca -keystore "$dir/ca.p12" -storepass "$pw" -file "$dir/ca.pem" >/dev/null 2>&1
  keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -dname "CN=127.0.0.1" -validity "$days" \
    -keystore "$dir/broker.p12" -storetype PKCS12 -storepass "$pw" >/dev/null 2>&1
  keytool -certreq -alias broker -keystore "$dir/broker.p12" -storepass "$pw" -file "$dir/broker.csr" >/dev/null 2>&1
  keytool -gencert -rfc -alias ca -keystore "$dir/ca.p12" -storepass "$pw" -infile "$dir/broker.csr" -outfile "$dir/broker.pem" \
    -ext "SAN=ip:127.0.0.1,dns:localhost" -ext "EKU=serverAuth,clientAuth" -validity "$days" >/dev/null 2>&1
  keytool -importcert -noprompt -alias ca -file "$dir/ca.pem" -keystore "$dir/broker.p12" -storepass "$pw" >/dev/null 2>&1
  keytool -importcert -alias broker -file "$dir/broker.pem" -keystore "$dir/broker.p12" -storepass "$pw" >/dev/null 2>&1
  keytool -importcert -noprompt -alias ca -file "$dir/ca.pem" -keystore "$dir/truststore.p12" -storetype PKCS12 -storepass "$pw" >/dev/null 2>&1
  chmod 600 "$dir"/*.p12
  rm -f "$dir/broker.csr"
}
