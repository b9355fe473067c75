#!/usr/bin/env bash
# Makes localhost/local/debian:bookworm, the base of every image here, from Debian's own packages
# (mmdebstrap, minbase), for machines that reach no container registry. Where a registry is reachable,
# skip it and build with --build-arg BASE_IMAGE=docker.io/library/debian:bookworm-slim instead.
# Uses the Debian mirror the host's apt already uses (DEBIAN_MIRROR / DEBIAN_SECURITY_MIRROR override).
set -euo pipefail

image=${BASE_IMAGE:-localhost/local/debian:bookworm}

# The first URI apt is configured with for a path ending in $1 (/debian or /debian-security), in
# either sources format (one-line `deb URI …` or deb822 `URIs: URI`).
host_mirror() {
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -oE "^(deb|URIs:)[[:space:]]+(\[[^]]*\][[:space:]]+)?https?://[^[:space:]]+$1/?([[:space:]]|$)" |
    grep -oE "https?://[^[:space:]]+" | head -n 1 || true
}
mirror=${DEBIAN_MIRROR:-$(host_mirror /debian)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${DEBIAN_SECURITY_MIRROR:-$(host_mirror /debian-security)}
security=${security:-http://deb.debian.org/debian-security}

# merged-usr hook: without it mmdebstrap pulls in perl for usrmerge (170 MB instead of 121 MB).
# Its progress (dpkg and hooks) goes to a log, shown only if it fails.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! mmdebstrap --quiet --variant=minbase --format=tar \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  bookworm - \
  "deb ${mirror%/} bookworm main" \
  "deb ${mirror%/} bookworm-updates main" \
  "deb ${security%/} bookworm-security main" 2>"$log" |
  podman import --quiet --change 'CMD ["/bin/bash"]' - "$image" 2>>"$log" >/dev/null; then
  cat "$log" >&2
  exit 1
fi
echo "$image"
