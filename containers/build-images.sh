#!/usr/bin/env bash
# Builds the three images containers/stack.yaml runs: localhost/belvo-gateway (the Containerfile at
# the root), localhost/belvo-postgres and localhost/belvo-redis (containers/services.Containerfile).
# Makes the local Debian base first when it is missing (containers/debian-base.sh); set BASE_IMAGE to
# build on another, e.g. docker.io/library/debian:bookworm-slim where a registry is reachable.
set -euo pipefail
cd "$(dirname "$0")/.."
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/containers/containers.conf}
base=${BASE_IMAGE:-localhost/local/debian:bookworm}
started=$SECONDS
say() { echo "build [$((SECONDS - started)) s]: $*"; }

if ! podman image exists "$base"; then
  if [[ "$base" != localhost/* ]]; then
    say "pulling $base"
    podman pull --quiet "$base" >/dev/null
  else
    say "making $base with mmdebstrap (once per machine)"
    BASE_IMAGE=$base containers/debian-base.sh >/dev/null
  fi
fi

# PostgreSQL and Redis build (apt downloads, mostly) while the host prepares the gateway's context
# (npm, tsc); their output goes to a log shown if one fails.
services_log=$(mktemp)
say "localhost/belvo-postgres and localhost/belvo-redis, in the background"
(
  for service in postgres redis; do
    podman build --quiet --format docker --build-arg "BASE_IMAGE=$base" --target "$service" \
      -f containers/services.Containerfile -t "localhost/belvo-$service" containers >/dev/null
  done
) >"$services_log" 2>&1 &
services=$!
trap 'kill "$services" 2>/dev/null || true; rm -f "$services_log"' EXIT

containers/prepare-build.sh
say "localhost/belvo-gateway"
# --layers=false: no layer per step to commit (a third faster); its context changes with every
# build anyway, so cached steps would rarely be reused.
podman build --quiet --layers=false --format docker --build-arg "BASE_IMAGE=$base" -f Containerfile \
  -t localhost/belvo-gateway node_modules/.cache/container-build/context >/dev/null
if ! wait "$services"; then
  cat "$services_log" >&2
  say "building localhost/belvo-postgres or localhost/belvo-redis failed"
  exit 1
fi
say "done"
podman images --filter reference='localhost/belvo-*' --format '{{.Repository}}:{{.Tag}} {{.Size}}'
