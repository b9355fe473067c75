import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../support/database.js';
import { eventually } from '../support/sandbox.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * How long a spawned process may take to start or finish before the test gives up on it: a limit
 * for failing, never an expectation (a loaded 2-core machine takes tens of seconds to start one).
 * Test timeouts allow three of them.
 */
const PROCESS_DEADLINE_MS = 90_000;

/** An OTLP/HTTP receiver that keeps what it is sent (protobuf: span names are plain bytes in it). */
function startCollector() {
  const received: Array<{ path: string; body: Buffer }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: Buffer.concat(chunks) });
      response.end();
    });
  });
  return { server, received };
}

describe('OpenTelemetry export (npm start with OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  let collector: ReturnType<typeof startCollector>;
  beforeAll(async () => {
    collector = startCollector();
    await new Promise<void>((resolve) => collector.server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => (collector.server as Server).close(resolve)));

  it('sends the gateway’s spans and the instrumented libraries’ (fastify, pg, undici) over OTLP', async () => {
    const { port } = collector.server.address() as AddressInfo;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        LOG_LEVEL: 'warn',
        DATABASE_URL: await freshDatabaseUrl(),
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_BSP_SCHEDULE_DELAY: '200', // export batches quickly
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const url = (
        await eventually(() => /GraphQL endpoint:\s+(\S+)\/graphql/.exec(stdout), PROCESS_DEADLINE_MS)
      )[1]!;
      expect(stdout).toContain(`Tracing:           OpenTelemetry, exporting to http://127.0.0.1:${port}`);
      const created = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation { createLink(input: { cedula: "1020304050" }) { link { id } } }',
        }),
      });
      expect(created.status).toBe(200);
      const exported = () =>
        Buffer.concat(
          collector.received.filter((entry) => entry.path === '/v1/traces').map((entry) => entry.body),
        );
      await eventually(() => {
        const text = exported().toString('latin1');
        return ['createLink', 'belvo POST /api/links/', '@fastify/otel', 'pg.query', 'undici'].every((name) =>
          text.includes(name),
        );
      }, 20_000);
      // The cédula travelled in the request body, which no instrumentation records.
      expect(exported().toString('latin1')).not.toContain('1020304050');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 270_000);
});
