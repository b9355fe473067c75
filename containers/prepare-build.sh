#!/usr/bin/env bash
# Lays out on the host what the Containerfile copies, so that the image build needs no network:
#   dist/                        the compiled build (npm run build)
#   .container/node              Node's binary, from npm's `node` package (NODE_VERSION, default 24)
#   .container/app/node_modules  the production dependencies, as package-lock.json pins them
# Downloads go through npm and its cache, with the host's certificate authority (inside a build
# they would need it passed in).
set -euo pipefail
cd "$(dirname "$0")/.."
node_version=${NODE_VERSION:-24}

echo "prepare: npm run build"
npm run build --silent

mkdir -p .container/app
# Node: kept between builds while it is the major asked for.
installed=$(.container/node --version 2>/dev/null || true)
if [[ "$installed" != "v${node_version%%.*}."* ]]; then
  echo "prepare: node@$node_version from npm"
  rm -rf .container/toolchain
  npm install --prefix .container/toolchain --no-save --no-package-lock --no-audit --no-fund \
    --loglevel=error "node@$node_version" >/dev/null
  cp -L .container/toolchain/node_modules/node/bin/node .container/node
fi
echo "prepare: $(.container/node --version)"

# Production dependencies, reinstalled only when the lock file changed. No install scripts: none
# of them builds anything this image runs.
if ! cmp -s package-lock.json .container/app/package-lock.json || [ ! -d .container/app/node_modules ]; then
  echo "prepare: production node_modules (npm ci --omit=dev)"
  cp package.json package-lock.json .container/app/
  npm ci --prefix .container/app --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
fi
echo "prepare: $(ls .container/app/node_modules | wc -l) production packages at the top level"
