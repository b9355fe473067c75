import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { eventually } from '../support/sandbox.js';
import { PROCESS_DEADLINE_MS, spawnGateway } from '../support/spawned-gateway.js';

const CEDULA = '1098765432';

/** What every traced gateway here is told besides its collector: export quickly, traces only. */
const TRACING = {
  OTEL_BSP_SCHEDULE_DELAY: '200',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOGS_EXPORTER: 'none',
  LOG_FORMAT: 'json',
};

const post = (url: string, query: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });

/** An OTLP/HTTP receiver for the JSON protocol: the span names it was sent. */
function startJsonCollector() {
  const names: string[] = [];
  let raw = '';
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += String(chunk)));
    request.on('end', () => {
      raw += body;
      const sent = JSON.parse(body) as {
        resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<{ name: string }> }> }>;
      };
      for (const resource of sent.resourceSpans ?? [])
        for (const scope of resource.scopeSpans ?? [])
          for (const span of scope.spans ?? []) names.push(span.name);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { server, names, raw: () => raw };
}

describe('tracing, as an operator sees it', () => {
  let collector: ReturnType<typeof startJsonCollector>;
  beforeAll(async () => {
    collector = startJsonCollector();
    await new Promise<void>((resolve) => collector.server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => (collector.server as Server).close(resolve)));

  it(
    'names GraphQL spans by operation type and name, and no span by source code',
    async () => {
      const { port } = collector.server.address() as AddressInfo;
      const gateway = spawnGateway({
        ...TRACING,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      });
      try {
        const url = await gateway.url();
        expect((await post(url, 'query LinkPage { __typename }')).status).toBe(200);
        expect((await post(url, '{ __typename }')).status).toBe(200);
        const created = await post(
          url,
          `mutation { createLink(input: { cedula: "${CEDULA}" }) { link { id } } }`,
        );
        expect(created.status).toBe(200);
        await eventually(
          () =>
            ['query LinkPage', 'query', 'mutation', 'belvo POST /api/links/'].every((name) =>
              collector.names.includes(name),
            ),
          20_000,
        );
        // fastify names anonymous plugins by their first lines of source; no span may carry that.
        const code = collector.names.filter((name) => /[{}()\n;]|=>|__typename/.test(name));
        expect(code).toEqual([]);
        expect(collector.names).toEqual(expect.arrayContaining([expect.stringMatching(/^onRequest - /)]));
        expect(collector.raw()).not.toContain(CEDULA);
      } finally {
        await gateway.stop();
      }
    },
    3 * PROCESS_DEADLINE_MS,
  );

  it(
    'logs failed exports when no collector answers: once, then a count per interval, without personal data',
    async () => {
      const gateway = spawnGateway({
        ...TRACING,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
        LOG_REPEAT_SUMMARY_MS: '1000',
      });
      try {
        const url = await gateway.url();
        expect(
          (await post(url, `mutation { createLink(input: { cedula: "${CEDULA}" }) { link { id } } }`)).status,
        ).toBe(200);
        const lines = () =>
          gateway.output.stdout
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as { msg: string; code?: string; failures?: number })
            .filter((line) => line.msg.startsWith('OpenTelemetry span export'));
        // Each request makes spans, each batch of spans an export that fails: a few requests a second.
        let lastRequestAt = 0;
        const summaries = await eventually(async () => {
          if (Date.now() - lastRequestAt > 250) {
            lastRequestAt = Date.now();
            await post(url, '{ __typename }');
          }
          const found = lines().filter((line) => line.msg.endsWith('still failing'));
          return found.length >= 2 && found;
        }, 30_000);
        const first = lines().filter((line) => / failing; repeats are summarised every 1 s$/.test(line.msg));
        expect(first).toHaveLength(1);
        expect(first[0]!.code).toBe('ECONNREFUSED');
        for (const summary of summaries) {
          expect(summary.code).toBe('ECONNREFUSED');
          expect(summary.failures).toBeGreaterThanOrEqual(1);
        }
        expect(gateway.output.stdout + gateway.output.stderr).not.toContain(CEDULA);
      } finally {
        await gateway.stop();
      }
    },
    3 * PROCESS_DEADLINE_MS,
  );
});
