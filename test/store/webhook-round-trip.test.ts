import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { CreateLinkDocument } from '../generated/graphql.js';
import { startCuttingProxy } from '../support/cutting-proxy.js';
import { freshDatabaseUrl } from '../support/database.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { eventually } from '../support/sandbox.js';
import { envelope, postWebhook, subscribe, wsClientFor } from '../support/subscriptions.js';

/** Ids only: no field that reads Belvo. */
const EventIds = parse(
  'subscription Events($linkId: UUID!) { linkEvents(linkId: $linkId) { id cursor } }',
) as TypedDocumentNode<{ linkEvents: { id: string; cursor: string } }, { linkId: string }>;

/**
 * Watches the database from another thread (the test's own event loop is kept busy on purpose):
 * how often a connection of the gateway's database was seen `idle in transaction`.
 */
function watchIdleInTransaction(url: string) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const pg = require('pg');
     (async () => {
       const client = new pg.Client({ connectionString: workerData.url });
       await client.connect();
       let stop = false, samples = 0, seen = 0;
       parentPort.on('message', () => (stop = true));
       parentPort.postMessage({ ready: true });
       while (!stop) {
         const { rows } = await client.query(
           "select count(*)::int as n from pg_stat_activity where datname = current_database() " +
           "and pid <> pg_backend_pid() and state like 'idle in transaction%'");
         samples++;
         if (rows[0].n > 0) seen++;
       }
       await client.end();
       parentPort.postMessage({ samples, seen });
     })();`,
    { eval: true, workerData: { url } },
  );
  const messages: Array<{ ready?: boolean; samples?: number; seen?: number }> = [];
  worker.on('message', (message) => messages.push(message as (typeof messages)[number]));
  return {
    ready: () => eventually(() => messages.some((message) => message.ready)),
    async stop() {
      worker.postMessage('stop');
      await eventually(() => messages.some((message) => message.samples !== undefined));
      await worker.terminate();
      return messages.find((message) => message.samples !== undefined) as { samples: number; seen: number };
    },
  };
}

/** Keeps the event loop busy in slices, as a loaded gateway's is, until stopped. */
function busyLoop(sliceMs: number) {
  const timer = setInterval(() => {
    const until = Date.now() + sliceMs;
    while (Date.now() < until) {
      // busy on purpose
    }
  }, 1);
  return () => clearInterval(timer);
}

const historicalUpdate = (linkId: string) =>
  envelope({
    link_id: linkId,
    webhook_type: 'EMPLOYMENTS',
    process_type: 'historical_update',
    webhook_code: 'historical_update',
    data: { total_employments: 2 },
  });

let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
});

describe('recording a webhook in PostgreSQL', () => {
  it('is one short statement: with the event loop busy, no connection is ever left idle in transaction', async () => {
    gateway = await startGateway({
      SANDBOX_EXTRACTION_DELAY_MS: '600000', // the test sends the webhooks itself
      EVENT_MAX_PER_LINK_PER_MINUTE: '0',
    });
    const database = gateway.app.config.state.database;
    if (database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const authorization = gateway.app.config.webhookAuthorizations[0];
    const headers: Record<string, string> = authorization ? { authorization } : {};
    const links: string[] = [];
    for (let i = 0; i < 4; i++) {
      const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: `10700002${i}0` } });
      links.push(created.data!.createLink.link!.id);
    }
    const watcher = watchIdleInTransaction(database.url);
    await watcher.ready();
    const stopBusy = busyLoop(15);
    const answers: number[] = [];
    try {
      for (let round = 0; round < 10; round++) {
        const posted = links.flatMap((linkId) => [historicalUpdate(linkId), historicalUpdate(linkId)]);
        for (const answer of await Promise.all(
          posted.map((body) => postWebhook(gateway!.url, body, headers)),
        ))
          answers.push(answer.status);
      }
    } finally {
      stopBusy();
    }
    const { samples, seen } = await watcher.stop();
    expect(answers).toEqual(Array(80).fill(200));
    expect(samples).toBeGreaterThan(10); // it did watch
    expect(seen).toBe(0);
  }, 60_000);

  it('publishes on redelivery an event whose answer was lost with the connection after it was written', async () => {
    const direct = await freshDatabaseUrl();
    const proxy = await startCuttingProxy(direct);
    const reader = new pg.Client({ connectionString: direct });
    try {
      gateway = await startGateway({ DATABASE_URL: proxy.url, SANDBOX_EXTRACTION_DELAY_MS: '600000' });
      const authorization = gateway.app.config.webhookAuthorizations[0];
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const created = await gateway.graphql(CreateLinkDocument, { input: { cedula: '1070000301' } });
      const linkId = created.data!.createLink.link!.id;
      const client = wsClientFor(gateway.url);
      const subscriber = subscribe(client, EventIds, { linkId });
      await gateway.app.events.bus.ready();

      // Whichever statement commits the webhook's record: its answer is lost with the connection.
      proxy.cutAfter('record_link_event(', 'commit');
      const body = historicalUpdate(linkId);
      const first = await postWebhook(gateway.url, body, headers);
      expect(first.status).toBe(503);
      expect(proxy.cuts()).toBe(1);
      await reader.connect();
      const { rows } = await reader.query<{ published: boolean }>(
        'select published_at is not null as published from link_events where webhook_id = $1',
        [body.webhook_id],
      );
      expect(rows).toEqual([{ published: false }]); // written, never published

      // Belvo delivers it again at once, well within the publish lease.
      const again = await postWebhook(gateway.url, body, headers);
      expect(again.body.status).toBe('accepted');
      const [pushed] = await subscriber.received(1);
      expect(pushed!.data!.linkEvents.id).toBe(body.webhook_id);
      subscriber.stop();
      await client.dispose();
    } finally {
      await reader.end().catch(() => undefined);
      await gateway?.stop();
      gateway = undefined;
      await proxy.stop();
    }
  }, 60_000);
});
