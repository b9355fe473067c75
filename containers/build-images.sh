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

containers/prepare-build.sh
say "localhost/belvo-gateway"
podman build --quiet --format docker --build-arg "BASE_IMAGE=$base" -f Containerfile \
  -t localhost/belvo-gateway node_modules/.cache/container-build/context >/dev/null
for service in postgres redis; do
  say "localhost/belvo-$service"
  podman build --quiet --format docker --build-arg "BASE_IMAGE=$base" --target "$service" \
    -f containers/services.Containerfile -t "localhost/belvo-$service" containers >/dev/null
done
say "done"
podman images --filter reference='localhost/belvo-*' --format '{{.Repository}}:{{.Tag}} {{.Size}}'
