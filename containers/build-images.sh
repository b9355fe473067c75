#!/usr/bin/env bash
# Builds the three images containers/stack.yaml runs: localhost/belvo-gateway (the Containerfile at
# the root), localhost/belvo-postgres and localhost/belvo-redis (containers/services.Containerfile).
# Makes the local Debian base first when it is missing (containers/debian-base.sh); set BASE_IMAGE to
# build on another, e.g. docker.io/library/debian:bookworm-slim where a registry is reachable.
set -euo pipefail
cd "$(dirname "$0")/.."
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/containers/containers.conf}
base=${BASE_IMAGE:-localhost/local/debian:bookworm}

if ! podman image exists "$base"; then
  if [[ "$base" != localhost/* ]]; then
    echo "build: pulling $base"
    podman pull --quiet "$base" >/dev/null
  else
    echo "build: making $base with mmdebstrap (once per machine)"
    BASE_IMAGE=$base containers/debian-base.sh >/dev/null
  fi
fi

containers/prepare-build.sh
echo "build: localhost/belvo-gateway"
podman build --quiet --format docker --build-arg "BASE_IMAGE=$base" -t localhost/belvo-gateway . >/dev/null
for service in postgres redis; do
  echo "build: localhost/belvo-$service"
  podman build --quiet --format docker --build-arg "BASE_IMAGE=$base" --target "$service" \
    -f containers/services.Containerfile -t "localhost/belvo-$service" containers >/dev/null
done
podman images --filter reference='localhost/belvo-*' --format '{{.Repository}}:{{.Tag}} {{.Size}}'
