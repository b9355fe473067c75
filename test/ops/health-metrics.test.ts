import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { CreateLinkDocument, LinkEventsDocument, LinkWithDataDocument } from '../generated/graphql.js';
import { freePort } from '../support/ports.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook, subscribe, wsClientFor } from '../support/subscriptions.js';

const metricValue = (text: string, series: string) => {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('health, readiness and metrics', () => {
  let gateway: Gateway;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = createLogger(
      'debug',
      new Writable({
        write(chunk, _encoding, done) {
          logLines.push(String(chunk));
          done();
        },
      }),
    );
    gateway = await startGateway({}, { logger });
  });
  afterAll(() => gateway.stop());

  it('answers /healthz while alive and /readyz once Belvo answers', async () => {
    expect(await (await fetch(`${gateway.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { belvo: 'ok', database: 'ok' } });
  });

  it('answers a burst of /readyz probes from one round of checks (READINESS_CACHE_MS)', async () => {
    const belvoChecks = () =>
      gateway.sandbox.requests.filter((request) => request.endpoint === '/api/').length;
    await fetch(`${gateway.url}/readyz`);
    const before = belvoChecks();
    expect(before).toBeGreaterThan(0);
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${gateway.url}/readyz`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(belvoChecks()).toBe(before);
  });

  it('counts upstream requests, cache lookups, webhooks, subscriptions, operations and errors', async () => {
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1110000001' } });
    const linkId = created.data!.createLink.link!.id;
    await gateway.graphql(LinkWithDataDocument, { id: linkId });
    await gateway.graphql(LinkWithDataDocument, { id: '00000000-0000-4000-8000-000000000000' });
    const client = wsClientFor(gateway.url);
    const subscriber = subscribe(client, LinkEventsDocument, { linkId });
    await subscriber.received(2);
    const authorization = gateway.app.config.webhookAuthorizations[0]!;
    await postWebhook(gateway.url, envelope({ link_id: linkId }), { authorization });
    await postWebhook(gateway.url, envelope({ link_id: linkId }), { authorization: 'Bearer wrong' });
    await subscriber.received(3);

    const scrape = async () => {
      const response = await fetch(`${gateway.url}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return response.text();
    };
    const text = await scrape();
    expect(
      metricValue(text, 'belvo_upstream_requests_total{method="POST",endpoint="/api/links/",status="201"}'),
    ).toBe(1);
    expect(
      metricValue(text, 'belvo_upstream_requests_total{method="GET",endpoint="/api/links/",status="200"}'),
    ).toBeGreaterThan(0);
    expect(text).toContain(
      'belvo_upstream_request_duration_seconds_bucket{le="0.01",method="GET",endpoint="/api/links/"}',
    );
    expect(metricValue(text, 'gateway_cache_lookups_total{backend="memory",outcome="miss"}')).toBeGreaterThan(
      0,
    );
    expect(
      metricValue(text, 'gateway_webhooks_total{kind="EMPLOYMENTS_HISTORICAL_UPDATE",outcome="accepted"}'),
    ).toBe(1);
    expect(metricValue(text, 'gateway_webhooks_total{kind="LINK_ERROR",outcome="accepted"}')).toBe(1);
    expect(metricValue(text, 'gateway_webhooks_total{kind="unknown",outcome="unauthorized"}')).toBe(1);
    expect(metricValue(text, 'gateway_active_subscriptions')).toBe(1);
    expect(metricValue(text, 'gateway_websocket_connections')).toBe(1);
    expect(metricValue(text, 'gateway_graphql_operations_total{transport="http",type="mutation"}')).toBe(1);
    expect(metricValue(text, 'gateway_graphql_operations_total{transport="http",type="query"}')).toBe(2);
    expect(
      metricValue(text, 'gateway_graphql_operations_total{transport="websocket",type="subscription"}'),
    ).toBe(1);
    expect(metricValue(text, 'gateway_graphql_errors_total{code="NOT_FOUND"}')).toBe(1);
    expect(text).toContain('process_resident_memory_bytes');

    subscriber.stop();
    await client.dispose();
    await eventually(async () => metricValue(await scrape(), 'gateway_active_subscriptions') === 0);
  });

  it('logs JSON lines with ids and codes, never the cédula or the person', async () => {
    await gateway.graphql(CreateLinkDocument, { input: { cedula: '1110000002' } });
    await eventually(() => logLines.some((line) => line.includes('webhook recorded')));
    const log = logLines.join('');
    for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow();
    expect(log).not.toContain('1110000001');
    expect(log).not.toContain('1110000002');
    for (const owner of gateway.sandbox.world.owners) expect(log).not.toContain(owner.display_name!);
    expect(log).not.toContain(gateway.app.config.webhookAuthorizations[0]!);
  });
});

describe('readiness when a dependency is down', () => {
  it('is 200 "degraded" naming Redis when Redis does not answer: Belvo still serves', async () => {
    // A port nothing listens on (a fixed one could be a developer's own Redis).
    const gateway = await startGateway({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const ready = await fetch(`${gateway.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'degraded',
        checks: { belvo: 'ok', database: 'ok', redis: 'failing' },
        reasons: { redis: 'unreachable (ECONNREFUSED: nothing listens there)' },
      });
    } finally {
      await gateway.stop();
    }
  });

  it('is 503 naming Belvo, and saying the keys were refused, when Belvo refuses them', async () => {
    const gateway = await startGateway();
    try {
      gateway.sandbox.faults.inject({ kind: 'auth_failure', times: 10 });
      const ready = await fetch(`${gateway.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        checks: { belvo: 'failing' },
        reasons: { belvo: expect.stringMatching(/^keys refused \(HTTP 401\)/) },
      });
      expect(await (await fetch(`${gateway.url}/healthz`)).json()).toEqual({ status: 'ok' });
    } finally {
      await gateway.stop();
    }
  });
});
