#!/usr/bin/env bash
# Lays out on the host the gateway image's build context, so that the build needs no network and
# reads only what the image holds. It lives in node_modules/.cache/container-build/context/: out of
# git, linters and tests, and made again after an `npm ci`.
#   node              Node's binary, from npm's `node` package (NODE_VERSION, default 24)
#   app/dist/         the compiled build (npm run build)
#   app/node_modules/ the production dependencies as package-lock.json pins them (npm ci --omit=dev)
#   app/package.json, app/probe.mjs (the health probe)
# Downloads go through npm and its cache, with the host's certificate authority (inside a build they
# would need it passed in).
set -euo pipefail
cd "$(dirname "$0")/.."
node_version=${NODE_VERSION:-24}
context=node_modules/.cache/container-build/context
mkdir -p "$context/app"

# Node: kept between builds while it is the major asked for.
installed=$("$context/node" --version 2>/dev/null || true)
if [[ "$installed" != "v${node_version%%.*}."* ]]; then
  # The same package CI installs into .node/ for its Node 24 run: reused when it is there.
  if [[ "$(.node/node_modules/node/bin/node --version 2>/dev/null)" == "v${node_version%%.*}."* ]]; then
    echo "prepare: node from .node/"
    cp -L .node/node_modules/node/bin/node "$context/node"
  else
    echo "prepare: node@$node_version from npm"
    toolchain=node_modules/.cache/container-build/toolchain
    rm -rf "$toolchain"
    npm install --prefix "$toolchain" --no-save --no-package-lock --no-audit --no-fund \
      --loglevel=error "node@$node_version" >/dev/null
    cp -L "$toolchain/node_modules/node/bin/node" "$context/node"
  fi
  # Its debugging symbols are a sixth of the binary and nothing in the image reads them.
  if command -v strip >/dev/null; then strip "$context/node"; fi
fi
echo "prepare: node $("$context/node" --version)"

# Production dependencies, reinstalled only when the lock file changed. No install scripts: none of
# them builds anything the image runs. Source maps, type declarations and Markdown are half the
# files and never loaded: the fewer files, the faster every copy into the image.
if ! cmp -s package-lock.json "$context/app/package-lock.json" || [ ! -d "$context/app/node_modules" ]; then
  echo "prepare: production node_modules (npm ci --omit=dev)"
  cp package.json package-lock.json "$context/app/"
  npm ci --prefix "$context/app" --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
  find "$context/app/node_modules" -type f \
    \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' \) -delete
fi
echo "prepare: $(find "$context/app/node_modules" -type f | wc -l) files in production node_modules"

# dist/ as npm start judges it (scripts/build-stamp.mjs): compiled again only if src/ changed since.
if node --input-type=module -e \
  "import { buildIsCurrent } from './scripts/build-stamp.mjs'; process.exit(buildIsCurrent() ? 0 : 1)"; then
  echo "prepare: dist/ is current"
else
  echo "prepare: npm run build"
  npm run build --silent
fi
rm -rf "$context/app/dist"
cp -a dist "$context/app/dist"
cp package.json "$context/app/package.json"
cp containers/probe.mjs "$context/app/probe.mjs"
