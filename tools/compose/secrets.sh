#!/bin/sh
# The secrets of docker-compose.yml, kept in the `secrets` volume (/run/ledgerline) and never in
# the compose file or the image:
#   secrets.sh init           first start only: generates the PostgreSQL superuser's password, one
#                             password per service login role and the admin key (printed once)
#   secrets.sh run ROLE CMD   runs CMD with DATABASE_URL of login role ledgerline_ROLE (none when
#                             ROLE is "-"), ADMIN_API_KEY and the dashboard's credentials when issued
#   secrets.sh migrate        runs the four services' migrate commands as the schema owner
#   secrets.sh dashboard-credentials
#                             first start only: issues the ops dashboard's read credentials
set -eu
dir=/run/ledgerline
database="${POSTGRES_DB:-ledgerline}"

generate() {
  node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("base64url").replace(/[-_]/g, "x"))'
}

service_url() {
  echo "postgres://ledgerline_$1:$(cat "$dir/$1.password")@postgres:5432/$database"
}

case "$1" in
  init)
    umask 022
    for name in postgres inventory_ledger pos_ingestion reorder_forecasting ops_dashboard; do
      [ -s "$dir/$name.password" ] || generate >"$dir/$name.password"
    done
    if [ ! -s "$dir/admin_api_key" ]; then
      generate >"$dir/admin_api_key"
      echo "Generated the admin key of every service (shown once; it stays in the secrets volume): $(cat "$dir/admin_api_key")"
    fi
    # Read by the postgres image as its own user, and by the services as node.
    chmod 0444 "$dir"/*.password "$dir/admin_api_key"
    ;;
  run)
    role="$2"; shift 2
    [ "$role" = "-" ] || export DATABASE_URL="$(service_url "$role")"
    export ADMIN_API_KEY="${ADMIN_API_KEY:-$(cat "$dir/admin_api_key")}"
    for credential in INVENTORY_LEDGER_CREDENTIAL POS_INGESTION_CREDENTIAL REORDER_FORECASTING_CREDENTIAL; do
      [ ! -s "$dir/$credential" ] || export "$credential=$(cat "$dir/$credential")"
    done
    exec "$@"
    ;;
  migrate)
    export DATABASE_OWNER_URL="postgres://postgres:$(cat "$dir/postgres.password")@postgres:5432/$database"
    for role in inventory_ledger pos_ingestion reorder_forecasting ops_dashboard; do
      app="$(echo "$role" | tr _ -)"
      DATABASE_URL="$(service_url "$role")" node -r ./tools/ts-register.cjs "apps/$app/src/migrate.ts"
    done
    ;;
  dashboard-credentials)
    issue() { # VARIABLE ROLE APP SCOPE...
      [ ! -s "$dir/$1" ] || return 0
      variable="$1" role="$2" app="$3"
      shift 3
      scopes=""
      for scope in "$@"; do scopes="$scopes --scope $scope"; done
      # shellcheck disable=SC2086 # each scope its own --scope option
      DATABASE_URL="$(service_url "$role")" node -r ./tools/ts-register.cjs "apps/$app/src/cli/credentials.ts" issue $scopes --label "ops dashboard" |
        node -e 'let t="";process.stdin.on("data",(c)=>t+=c).on("end",()=>process.stdout.write(JSON.parse(t).credential))' >"$dir/$variable.new"
      mv "$dir/$variable.new" "$dir/$variable"
    }
    issue INVENTORY_LEDGER_CREDENTIAL inventory_ledger inventory-ledger stock:read
    issue POS_INGESTION_CREDENTIAL pos_ingestion pos-ingestion rejections:read counts:read
    issue REORDER_FORECASTING_CREDENTIAL reorder_forecasting reorder-forecasting forecast:read
    ;;
  *)
    echo "usage: secrets.sh init | run ROLE CMD... | migrate | dashboard-credentials" >&2
    exit 2
    ;;
esac
