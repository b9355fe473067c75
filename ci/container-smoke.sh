#!/usr/bin/env bash
# CI: the container image and the stack, end to end, as docs/operations.md "Containers" tells a
# reader to run them. That section's `sh container` blocks run here in order, as written (only the
# published port may change when 4000 is taken), with checks between them:
#   1 build the images   2 start the stack, wait for its health check   3 the demo: createLink,
#   webhooks, employments   4 stop the stack   5 one container alone (embedded mode).
# Whatever happens, the containers, the pod, its volume and any network made are removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
say() { echo "container-smoke [$((SECONDS - started)) s]: $*"; }
fail() {
  say "FAILED: $*" >&2
  exit 1
}

# Tools: Debian's podman (runc, since crun refuses some hosts' cgroups; catatonit for pods and
# --init; netavark for the pod's network and published port) and mmdebstrap for the base image.
missing=()
for tool in podman runc mmdebstrap iptables netavark; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/lib/podman/$tool" ] || missing+=("$tool")
done
[ -x /usr/libexec/podman/catatonit ] || missing+=(catatonit)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/containers/containers.conf}
# Without systemd, podman cannot make the timers that run health checks by themselves and logs an
# error for each; the checks here run them on demand (podman healthcheck run).
[ -d /run/systemd/system ] || export DISABLE_HC_SYSTEMD=true
say "$(podman --version)"

# The blocks, in order. A different count means the section changed shape: update this script with it.
doc=docs/operations.md
mapfile -d '' blocks < <(awk '
  /^```sh container$/ { inside = 1; text = ""; next }
  inside && /^```$/   { printf "%s%c", text, 0; inside = 0; next }
  inside              { text = text $0 "\n" }
' "$doc")
[ ${#blocks[@]} -eq 5 ] || fail "$doc has ${#blocks[@]} \`sh container\` blocks, this script runs 5"

work=$(mktemp -d)
stack=containers/stack.yaml
pod=belvo-stack
lone=belvo-gateway
networks_before=$(podman network ls --quiet | sort)
teardown() {
  local status=$?
  set +e
  say "tearing down"
  podman kube down "$stack" >/dev/null 2>&1
  podman pod rm --force --ignore "$pod" >/dev/null 2>&1
  podman rm --force --ignore "$lone" >/dev/null 2>&1
  podman volume rm --force belvo-stack-postgres >/dev/null 2>&1
  comm -13 <(echo "$networks_before") <(podman network ls --quiet | sort) | xargs -r podman network rm >/dev/null
  rm -rf "$work"
  if [ "$status" -eq 0 ]; then say "passed"; else say "failed (exit $status)"; fi
  exit "$status"
}
trap teardown EXIT
# A pod left by an interrupted run would hold the port and the names.
podman pod rm --force --ignore "$pod" >/dev/null
podman rm --force --ignore "$lone" >/dev/null
podman volume rm --force belvo-stack-postgres >/dev/null 2>&1 || true

# The published port: 4000 as documented, or a free one if something here already listens there.
port=4000
if ! node -e 'require("net").createServer().once("error", () => process.exit(1)).listen(4000, "0.0.0.0", function () { this.close() })'; then
  port=$(node -e 'const s = require("net").createServer().listen(0, "0.0.0.0", () => { console.log(s.address().port); s.close() })')
  say "port 4000 is taken here: publishing the gateway on $port"
  sed "s/hostPort: 4000\$/hostPort: $port/" containers/stack.yaml >"$work/stack.yaml"
  stack=$work/stack.yaml
fi

# One block, as written (bar the port), with a deadline; its output indented.
run_block() {
  local number=$1 deadline=$2 text=${blocks[$1 - 1]}
  text=${text//containers\/stack.yaml/$stack}
  text=${text//127.0.0.1:4000/127.0.0.1:$port}
  text=${text//-p 4000:/-p $port:}
  # The header on stderr: it shows even when a caller keeps the block's output.
  say "docs block $number:" >&2
  sed 's/^/    $ /' <<<"$text" >&2
  timeout --kill-after=5 "$deadline" bash -euo pipefail -c "$text" 2>&1 | sed 's/^/    /'
}

run_block 1 600 || fail "building the images"
run_block 2 180 || fail "starting the stack (podman logs $pod-gateway)"
[ "$(podman exec "$pod-gateway" id -u)" = 10001 ] || fail "the gateway runs as root"
podman healthcheck run "$pod-gateway" >/dev/null || fail "the gateway's liveness probe (stack.yaml) fails"

# The demo prints the link, then a summary with the owner's name and each employer: only the steps
# and counts are shown here.
run_block 3 120 >"$work/demo.txt" || {
  cat "$work/demo.txt"
  fail "the demo"
}
grep -E '^ *(\[|[0-9]\.|link |Employers:)' "$work/demo.txt" | grep -v '·' || true
grep -qE 'Employers: [1-9]' "$work/demo.txt" || fail "the demo saw no employments"
link=$(grep -oE 'link [0-9a-f-]{36}' "$work/demo.txt" | head -n 1 | cut -d' ' -f2)
[ -n "$link" ] || fail "the demo printed no link id"

# The same link read back with a query, through the published port: employments with salary rows.
curl --silent --show-error --fail --max-time 30 "http://127.0.0.1:$port/graphql" \
  -H 'content-type: application/json' -H 'x-api-key: local-stack-key' \
  --data "{\"query\":\"query(\$id: UUID!) { link(id: \$id) { employments { id salaryAndBenefitDetails { __typename } } } }\",\"variables\":{\"id\":\"$link\"}}" \
  >"$work/query.json" || fail "querying the link's employments"
node -e '
  const answer = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  if (answer.errors) throw new Error(`the query failed: ${JSON.stringify(answer.errors.map((e) => e.extensions?.code))}`);
  const employments = answer.data.link.employments;
  const rows = employments.reduce((sum, e) => sum + (e?.salaryAndBenefitDetails?.length ?? 0), 0);
  if (employments.length === 0 || rows === 0) throw new Error("no employments with salary rows");
  console.log(`    query: ${employments.length} employments, ${rows} monthly rows`);
' "$work/query.json" || fail "the link's employments"

# Every service stops on its stop signal (exit code 0), not on the SIGKILL after the grace period (137).
say "stopping the pod (each service must exit on its signal)"
podman pod stop --time 20 "$pod" >/dev/null
for service in gateway simulator postgres redis; do
  code=$(podman inspect --format '{{.State.ExitCode}}' "$pod-$service")
  say "  $service exited with $code"
  [ "$code" = 0 ] || fail "$service did not stop cleanly on its signal"
done

run_block 4 60 || fail "podman kube down"
! podman pod exists "$pod" || fail "the pod is still there after kube down"

run_block 5 120 || fail "one container in embedded mode (podman logs $lone)"
podman stop --time 20 "$lone" >/dev/null
code=$(podman inspect --format '{{.State.ExitCode}}' "$lone")
say "  the lone gateway exited with $code"
[ "$code" = 0 ] || fail "the lone gateway did not stop cleanly on SIGTERM"
podman rm "$lone" >/dev/null
