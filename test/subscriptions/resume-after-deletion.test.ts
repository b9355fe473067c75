import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateLinkDocument,
  DeleteLinkDocument,
  LinkEventsDocument,
  LinkReadyDocument,
} from '../generated/graphql.js';
import { apiKeyEntry, randomKey } from '../support/auth.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { envelope, postWebhook, subscribe, wsClientFor } from '../support/subscriptions.js';

const ownerKey = randomKey();
const otherKey = randomKey();
const asOwner = { 'x-api-key': ownerKey };

/**
 * A client that was away while its link was deleted resumes, as the docs tell it to, with the
 * cursor of the last event it saw: it must learn of the deletion (the event it missed), not get
 * NOT_FOUND as if the link had never been. Nobody else may learn that the link existed.
 */
describe('resuming a subscription after the link was deleted', () => {
  let gateway: Gateway;
  let owner: Client;
  let other: Client;
  let cedula = 1_061_000_000;

  beforeAll(async () => {
    gateway = await startGateway({
      CLIENT_API_KEYS: [apiKeyEntry('lender', ownerKey), apiKeyEntry('stranger', otherKey)].join(','),
      // A link's extraction is two events: its deletion is the third in the minute, over this cap,
      // which must never turn a deletion away.
      EVENT_MAX_PER_LINK_PER_MINUTE: '2',
    });
    owner = wsClientFor(gateway.url, { connectionParams: asOwner });
    other = wsClientFor(gateway.url, { connectionParams: { 'x-api-key': otherKey } });
  });
  afterAll(async () => {
    await owner?.dispose();
    await other?.dispose();
    await gateway?.stop();
  });

  /** A link with its extraction's two events seen by its owner: the cursor of the last one. */
  async function seenLink() {
    cedula += 1;
    const created = await gateway.graphql(
      CreateLinkDocument,
      { input: { cedula: String(cedula), externalId: `loan_${cedula - 1_061_000_000}` } },
      asOwner,
    );
    expect(created.errors).toBeUndefined();
    const linkId = created.data!.createLink.link!.id;
    const first = subscribe(owner, LinkEventsDocument, { linkId });
    const seen = await first.received(2);
    first.stop();
    return { linkId, cursor: seen.at(-1)!.data!.linkEvents.cursor };
  }

  it("replays the gateway's own deletion to its owner, then ends; a stranger still gets NOT_FOUND", async () => {
    const { linkId, cursor } = await seenLink();
    const deleted = await gateway.graphql(DeleteLinkDocument, { id: linkId }, asOwner);
    expect(deleted.data).toEqual({ deleteLink: { deletedLinkId: linkId, userErrors: [] } });

    const resumed = subscribe(owner, LinkEventsDocument, { linkId, afterCursor: cursor });
    await resumed.done;
    expect(resumed.failure()).toBeUndefined();
    expect(resumed.results).toHaveLength(1);
    expect(resumed.results[0]!.data!.linkEvents).toMatchObject({
      __typename: 'LinkDeleted',
      id: expect.stringMatching(/^gateway-delete-/),
      linkId,
      link: null,
    });
    const deletion = resumed.results[0]!.data!.linkEvents.cursor;
    expect(BigInt(deletion)).toBeGreaterThan(BigInt(cursor));
    // What is kept of it: ids, a kind, a date; the client's own reference went with the rest.
    expect((await gateway.app.events.log.list(linkId)).map((event) => event.externalId)).toEqual([null]);

    // Resumed at (or past) the deletion, as a client that saw it reconnects: it ends at once.
    for (const afterCursor of [deletion, String(BigInt(deletion) + 1_000n)]) {
      const again = subscribe(owner, LinkEventsDocument, { linkId, afterCursor });
      await again.done;
      expect(again.failure()).toBeUndefined();
      expect(again.results).toEqual([]);
    }

    // The wait after createLink, asked again now: the link will never be ready.
    const ready = subscribe(owner, LinkReadyDocument, { linkId });
    await ready.done;
    expect(ready.results.map((result) => result.data?.linkReady.outcome)).toEqual(['DELETED']);

    const stranger = subscribe(other, LinkEventsDocument, { linkId, afterCursor: cursor });
    const [refused] = await stranger.received(1);
    expect(refused!.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    // And the link itself is gone for its owner too, to every read.
    const read = await gateway.graphql(DeleteLinkDocument, { id: linkId }, asOwner);
    expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it("replays Belvo's link_deleted webhook the same way, until retention drops the deletion", async () => {
    const { linkId, cursor } = await seenLink();
    gateway.sandbox.world.deleteLink(linkId, false);
    const webhook = envelope({ link_id: linkId, webhook_code: 'link_deleted', data: {} });
    const authorization = gateway.app.config.webhookAuthorizations[0];
    await postWebhook(gateway.url, webhook, authorization ? { authorization } : {});

    const resumed = subscribe(owner, LinkEventsDocument, { linkId, afterCursor: cursor });
    await resumed.done;
    expect(resumed.failure()).toBeUndefined();
    expect(resumed.results.map((result) => result.data!.linkEvents.id)).toEqual([webhook.webhook_id]);

    // Belvo delivers it again: settled from the registry, without asking Belvo about the link.
    gateway.sandbox.resetCounters();
    const again = await postWebhook(gateway.url, webhook, authorization ? { authorization } : {});
    expect(again.status).toBe(200);
    expect(gateway.sandbox.requests).toEqual([]);

    // Past EVENT_RETENTION_DAYS the deletion is forgotten like any event, and so is the link.
    await gateway.app.store.links.pruneDeleted(new Date(Date.now() + 60_000));
    await gateway.app.store.events.prune(new Date(Date.now() + 60_000));
    const late = subscribe(owner, LinkEventsDocument, { linkId });
    const [result] = await late.received(1);
    expect(result!.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
