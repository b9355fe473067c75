/**
 * The gateway under a heap snapshot, in a process of its own (as test/bench/push/'s): started from
 * the environment the driver sends, its links recorded, and on request a V8 heap snapshot written
 * to a file through node:inspector, with the scripts' URLs (to name where each closure was made).
 */
import 'reflect-metadata';
import { createWriteStream, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { findSourceMap } from 'node:module';
import { gatewayRequests } from '../push/gateway-requests.js';
import { serveRequests, type Request } from '../push/worker.js';

/**
 * HEAP_GATEWAY_DIST: a tsc build of src/ (as `npm run serve` runs it). Without it, the sources
 * through tsx, as every other bench runs the gateway: tsx compiles with esbuild's keepNames, whose
 * `__name(fn, …)` on every function puts each closure's properties in a 256-byte dictionary.
 */
const root = process.env.HEAP_GATEWAY_DIST ?? new URL('../../../src', import.meta.url).pathname;
const { buildApp } = (await import(`${root}/app/app.js`)) as typeof import('../../../src/app/app.js');
const { loadConfig } = (await import(`${root}/config.js`)) as typeof import('../../../src/config.js');
const { silentLogger } = (await import(
  `${root}/observability/logger.js`
)) as typeof import('../../../src/observability/logger.js');

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

/**
 * Writes the snapshot chunk by chunk (a snapshot of 10,000 subscriptions is hundreds of MB: one
 * string of it would pass V8's string limit), then `<path>.scripts.json`: script id → URL, which
 * the snapshot's closure locations refer to. The Debugger is enabled (it lists every script) before
 * each snapshot, so what it makes (line tables) is in both and not billed to the subscriptions.
 */
async function snapshot(path: string): Promise<void> {
  const session = new Session();
  session.connect();
  const file = createWriteStream(path);
  session.on('HeapProfiler.addHeapSnapshotChunk', (message) => file.write(message.params.chunk));
  try {
    const scripts: Record<string, string> = {};
    session.on('Debugger.scriptParsed', (message) => {
      scripts[message.params.scriptId] = message.params.url;
    });
    await post(session, 'Debugger.enable');
    await post(session, 'Debugger.disable');
    await post(session, 'HeapProfiler.enable');
    await post(session, 'HeapProfiler.collectGarbage');
    await post(session, 'HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    await new Promise<void>((resolve, reject) =>
      file.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    writeFileSync(`${path}.scripts.json`, JSON.stringify(scripts));
  } finally {
    session.disconnect();
  }
}

serveRequests({
  ...gatewayRequests((env) => buildApp({ config: loadConfig(env), logger: silentLogger() })),
  snapshot: async (request: Request) => {
    await snapshot(request.path as string);
    return {};
  },
  /**
   * Where each place (script URL, 0-based line and column of the running code, as a snapshot's
   * locations give them) is in its TypeScript source: tsx keeps a source map per file.
   */
  locate: (request: Request) => ({
    places: (request.places as Array<[string, number, number]>).map(([url, line, column]) => {
      const entry = findSourceMap(url)?.findEntry(line, column);
      return entry && 'originalSource' in entry
        ? `${entry.originalSource}:${entry.originalLine + 1}`
        : `${url}:${line + 1}`;
    }),
  }),
});
