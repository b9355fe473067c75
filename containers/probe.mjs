/* global process, fetch, AbortSignal */
/**
 * The container's health probe: `node probe.mjs /readyz` exits 0 when the gateway answers that path
 * with a 2xx, else 1. The image has no curl; and a file rather than `node -e '…'`, because podman
 * 4.3 turns a pod's exec probe into one shell line split at spaces, which breaks inline code.
 */
const path = process.argv[2] ?? '/readyz';
const port = process.env.PORT ?? '4000';
try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4_000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
