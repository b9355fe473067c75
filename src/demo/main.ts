/**
 * `npm run demo [cédula]`: the whole flow against a running gateway, as a frontend would do it —
 * create a link over HTTP, follow its events over a WebSocket subscription, print a summary.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { DemoError, normalizeGatewayUrl, runDemo } from './demo.js';

const fail = (message: string) => {
  console.error(`\n✗ ${message}`);
  process.exitCode = 1;
};

let gatewayUrl: string;
try {
  gatewayUrl = normalizeGatewayUrl(process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000');
} catch (error) {
  fail(error instanceof DemoError ? error.message : String(error));
  process.exit();
}
const cedula = process.argv[2] ?? process.env.DEMO_CEDULA ?? '1020304050';
const timeoutMs = Number(process.env.DEMO_TIMEOUT_MS ?? 120_000);
/** For a gateway with client authentication: sent as `x-api-key` over HTTP and in `connection_init`. */
const apiKey = process.env.DEMO_API_KEY;
const credentials: Record<string, string> = apiKey ? { 'x-api-key': apiKey } : {};

const ws = createClient({
  url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`,
  webSocketImpl: WebSocket,
  retryAttempts: 0,
  connectionParams: credentials,
});

runDemo({
  gatewayUrl,
  cedula,
  timeoutMs,
  ws,
  headers: credentials,
  print: (line) => console.log(line),
  interactive: process.stdout.isTTY,
})
  .then(
    () => (process.exitCode = 0),
    // Only the demo's own messages are printed: anything else could quote what was sent.
    (error: unknown) => fail(error instanceof Error ? error.message : 'The demo failed unexpectedly'),
  )
  .finally(() => ws.dispose());
