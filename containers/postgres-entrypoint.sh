#!/bin/sh
# Starts PostgreSQL on $PGDATA, creating the cluster first when the directory (a fresh volume) is
# empty: user and database POSTGRES_USER / POSTGRES_DB (default gateway), password
# POSTGRES_PASSWORD (required then, and never baked into the image).
set -eu
user=${POSTGRES_USER:-gateway}
database=${POSTGRES_DB:-gateway}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres: POSTGRES_PASSWORD is required to create the cluster in $PGDATA" >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  # TCP needs the password; the socket inside this container trusts (for `podman exec … psql`).
  initdb --pgdata="$PGDATA" --username="$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-host=scram-sha-256 --auth-local=trust >/dev/null
  rm -f "$pwfile"
  echo "CREATE DATABASE \"$database\" OWNER \"$user\"" |
    postgres --single -D "$PGDATA" -c log_min_messages=warning postgres >/dev/null
  echo "postgres: created the cluster in $PGDATA (user $user, database $database)"
fi

# Loopback only by default: the gateway shares the pod's network (POSTGRES_LISTEN to widen it).
exec postgres -D "$PGDATA" -c listen_addresses="${POSTGRES_LISTEN:-127.0.0.1}"
