import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_ID_ATTRIBUTE } from '../../src/observability/spans.js';
import { CreateLinkDocument, HistoricalUpdateDocument } from '../generated/graphql.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { subscribe, wsClientFor } from '../support/subscriptions.js';

// What NodeSDK registers when OTEL_* is set, with an in-memory exporter instead of OTLP.
const exporter = new InMemorySpanExporter();
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
);

const named = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);
const linked = (span: ReadableSpan, to: ReadableSpan) =>
  span.links.some((link) => link.context.spanId === to.spanContext().spanId);
const childOf = (span: ReadableSpan, parent: ReadableSpan) =>
  span.parentSpanContext?.spanId === parent.spanContext().spanId &&
  span.spanContext().traceId === parent.spanContext().traceId;

describe('one link, traced from creation to push', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await startGateway({ SANDBOX_EXTRACTION_DELAY_MS: '200' });
  });
  afterAll(async () => {
    await gateway?.stop();
    // Test files share processes: the next one runs untraced, as the gateway does by default.
    trace.disable();
    context.disable();
  });

  it('chains createLink → Belvo call, webhook → publish, and each push, by parent/child and span links', async () => {
    const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1030405060' } });
    const linkId = created.data!.createLink.link!.id;
    const client = wsClientFor(gateway.url);
    const subscribers = [0, 1].map(() => subscribe(client, HistoricalUpdateDocument, { linkId }));
    try {
      for (const subscriber of subscribers) await subscriber.received(2);
      const spans = await eventually(() => {
        const finished = exporter.getFinishedSpans();
        // A push can reach the client before the webhook that caused it has been answered (its
        // span ends with the answer): wait for both.
        return (
          named(finished, 'push OWNERS_HISTORICAL_UPDATE').length >= 2 &&
          named(finished, 'webhook EMPLOYMENTS historical_update').length >= 1 &&
          named(finished, 'webhook OWNERS historical_update').length >= 1 &&
          finished
        );
      });
      const forLink = spans.filter((span) => span.attributes[LINK_ID_ATTRIBUTE] === linkId);

      const [creation] = named(forLink, 'createLink');
      expect(creation).toBeDefined();
      const belvoCall = named(spans, 'belvo POST /api/links/').find((span) => childOf(span, creation!));
      expect(belvoCall, 'the Belvo call is a child of createLink').toBeDefined();

      for (const [type, kind] of [
        ['EMPLOYMENTS', 'EMPLOYMENTS_HISTORICAL_UPDATE'],
        ['OWNERS', 'OWNERS_HISTORICAL_UPDATE'],
      ] as const) {
        const [webhook] = named(forLink, `webhook ${type} historical_update`);
        expect(webhook, `${type} webhook span`).toBeDefined();
        expect(linked(webhook!, creation!), 'the webhook links to the creation').toBe(true);
        const [publish] = named(forLink, `publish ${kind}`);
        expect(childOf(publish!, webhook!), 'the publish is a child of the webhook').toBe(true);
        const pushes = named(forLink, `push ${kind}`);
        expect(pushes).toHaveLength(2); // one per subscriber
        for (const push of pushes) {
          expect(linked(push, publish!), 'each push links to its publish').toBe(true);
          expect(linked(push, creation!), 'each push links to the creation').toBe(true);
        }
      }

      const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
      expect(metrics).toMatch(/^gateway_link_first_push_seconds_count 1$/m);
    } finally {
      for (const subscriber of subscribers) subscriber.stop();
      await client.dispose();
    }
  });

  it('records no personal data in span names or attributes', () => {
    const text = JSON.stringify(
      exporter.getFinishedSpans().map((span) => ({ name: span.name, attributes: span.attributes })),
    );
    expect(text).not.toContain('1030405060');
  });
});
