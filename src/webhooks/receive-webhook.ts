import type { BelvoReads } from '../upstream/belvo-reads.js';
import type { CachedResource, UpstreamCache } from '../cache/cache.js';
import type { EventBus } from '../push/events/event-bus.js';
import type { LinkEventRecord } from '../store/link-event.js';
import type { Logger } from '../observability/logger.js';
import { dataChanged } from '../cache/data-changes.js';
import type { Appended, NewLinkEvent } from '../store/event-log.js';
import type { Store } from '../store/store.js';
import type { LinkTraces } from '../push/events/link-traces.js';
import { countOf, linkErrorOf, parseEnvelope, type ParsedEnvelope } from './envelope.js';

/**
 * `ignored`: understood but not for this gateway: an unknown type or code, a link neither this
 * gateway nor Belvo knows, or a deletion Belvo does not confirm. `folded`: identical to the link's
 * latest event (all but its id) and received within the fold window: remembered, not pushed again.
 * Over the link's rate cap, `receiveWebhook` throws LinkEventsCappedError (the route answers 429).
 */
export type WebhookOutcome = 'accepted' | 'duplicate' | 'folded' | 'ignored';

export interface WebhookReceipt {
  outcome: WebhookOutcome;
  /** The event kind, or 'unknown' for a type/code pair this gateway does not know. */
  kind: LinkEventRecord['kind'] | 'unknown';
}

export interface WebhookDependencies {
  store: Pick<Store, 'links' | 'events'>;
  bus: EventBus;
  cache: UpstreamCache;
  /** Asks Belvo itself: true when it has the link, false when it answers 404; throws when it cannot say. */
  linkExists: (linkId: string) => Promise<boolean>;
  logger: Logger;
  now?: () => Date;
  /** Spans for the webhook and its publication, linked to the link's creation. */
  traces?: LinkTraces;
}

/**
 * What a Belvo webhook does, without HTTP: validate; check that the link is one this gateway (or
 * Belvo) knows; record the event in the log, which also deduplicates it; invalidate the link's
 * cached data; publish. A webhook is a hint: data is always read through the authenticated client,
 * and a deletion is believed only once Belvo confirms it. The event is committed before the answer,
 * and a failure after the commit throws (the route answers 503): Belvo's redelivery then finishes
 * the effects and the publication, so nothing is lost and nothing is recorded twice.
 * Throws InvalidEnvelopeError for a malformed body.
 */
export async function receiveWebhook(body: unknown, deps: WebhookDependencies): Promise<WebhookReceipt> {
  const envelope = parseEnvelope(body);
  const count = countOf(envelope); // throws for a malformed count, before anything else
  const log = deps.logger.child({
    webhookId: envelope.webhookId,
    webhookType: envelope.webhookType,
    webhookCode: envelope.webhookCode,
    linkId: envelope.linkId,
  });
  if (!envelope.kind) {
    log.info('webhook with an unknown type or code accepted and ignored');
    return { outcome: 'ignored', kind: 'unknown' };
  }
  const kind = envelope.kind;
  const handle = () => recordAndPublish(envelope, kind, count, deps, log);
  return deps.traces ? deps.traces.webhook(envelope, handle) : handle();
}

async function recordAndPublish(
  envelope: ParsedEnvelope,
  kind: LinkEventRecord['kind'],
  count: number | null,
  deps: WebhookDependencies,
  log: Logger,
): Promise<WebhookReceipt> {
  // The usual case, a link registered here: its standing is read in the statement that records the
  // event, one round trip to the database before the answer. A deletion is believed only once Belvo
  // confirms it, and a link not registered here only if Belvo has it: both take the checks below.
  // The link's webhooks take turns in this process, so its events are published in cursor order.
  const receivedNow = () => toEvent(envelope, kind, count, (deps.now ?? (() => new Date()))());
  if (kind !== 'LINK_DELETED') {
    const registered = await deps.store.events.inTurn(envelope.linkId, async () => {
      const appended = await deps.store.events.append(receivedNow(), { registeredOnly: true });
      return 'notRegistered' in appended
        ? appended.notRegistered
        : afterAppend(appended, envelope, kind, deps, log);
    });
    if (registered === 'deleted') {
      log.warn(DELETED_HERE);
      return { outcome: 'ignored', kind };
    }
    if (registered !== 'unknown') return registered;
  }
  const refusal = await whyNotRecord(envelope, kind, deps);
  if (refusal) {
    log.warn(refusal);
    return { outcome: 'ignored', kind };
  }
  return deps.store.events.inTurn(envelope.linkId, async () =>
    afterAppend(await deps.store.events.append(receivedNow()), envelope, kind, deps, log),
  );
}

/** Once the event is committed (or found a duplicate, or folded): its effects and its publication. */
async function afterAppend(
  appended: Appended,
  envelope: ParsedEnvelope,
  kind: LinkEventRecord['kind'],
  deps: WebhookDependencies,
  log: Logger,
): Promise<WebhookReceipt> {
  if (appended.folded) {
    log.info({ kind, cursor: appended.event.cursor }, 'webhook identical to the link’s latest event: folded');
    return { outcome: 'folded', kind };
  }
  if (!appended.publish) {
    // A deletion published before its records could be dropped: drop them now.
    if (kind === 'LINK_DELETED') await forget(deps.store, envelope.linkId);
    log.info('duplicate webhook ignored');
    return { outcome: 'duplicate', kind };
  }
  const { event } = appended;
  try {
    await dataChanged(deps.cache, event.linkId, CHANGED_BY[kind]);
    // A hand-off: the bus delivers to this instance's sockets in a later turn of the event loop, so
    // no subscriber (a paused socket, ten thousand of them) stands between the event and this answer.
    await (deps.traces ? deps.traces.publish(event, () => deps.bus.publish(event)) : deps.bus.publish(event));
  } catch (error) {
    // Let Belvo's redelivery take over at once instead of after the publish lease.
    await deps.store.events.releaseClaim(event.id).catch(() => undefined);
    throw error;
  }
  // Bookkeeping the answer need not wait for: the event is recorded and published. Should this
  // write be lost, a later copy of the webhook only publishes it again (streams drop repeats).
  void deps.store.events
    .markPublished(event.id)
    .catch((error: unknown) =>
      log.warn(
        { err: (error as Error).name },
        'could not mark the webhook published; a copy would publish it again',
      ),
    );
  // After the publication, so the link's subscribers hear of the deletion before its records go.
  if (kind === 'LINK_DELETED') await forget(deps.store, event.linkId);
  log.info({ kind, cursor: event.cursor }, 'webhook recorded and published');
  return { outcome: 'accepted', kind };
}

/**
 * What each event makes stale: only what it announces, so the link read before an employments
 * update (by a query, or by the push of the other resource) stays cached.
 */
const CHANGED_BY: Record<LinkEventRecord['kind'], readonly CachedResource[]> = {
  EMPLOYMENTS_HISTORICAL_UPDATE: ['employments'],
  NEW_EMPLOYMENTS_AVAILABLE: ['employments'],
  OWNERS_HISTORICAL_UPDATE: ['owners'],
  NEW_OWNERS_AVAILABLE: ['owners'],
  LINK_ERROR: ['link'],
  LINK_DELETED: ['link', 'employments', 'owners'],
};

const DELETED_HERE = 'webhook for a link deleted here: acknowledged, nothing recorded';

/** Why this webhook must change nothing here, or undefined when it may be recorded. */
async function whyNotRecord(
  envelope: ParsedEnvelope,
  kind: LinkEventRecord['kind'],
  deps: WebhookDependencies,
): Promise<string | undefined> {
  // Deleted here already (a redelivered link_deleted, a late notice of an asynchronous delete):
  // settled without asking Belvo.
  if ((await deps.store.links.deletedOwnerOf(envelope.linkId)) !== undefined) return DELETED_HERE;
  const known = await deps.store.links.has(envelope.linkId);
  if (kind === 'LINK_DELETED') {
    if (await deps.linkExists(envelope.linkId)) {
      return 'link_deleted webhook for a link Belvo still has: ignored (forged or out of order)';
    }
    return known
      ? undefined
      : 'link_deleted webhook for a link this gateway does not know: nothing to forget';
  }
  // A link created outside the gateway is still Belvo's (admins may follow it); a made-up id is not.
  if (!known && !(await deps.linkExists(envelope.linkId))) {
    return 'webhook for a link neither this gateway nor Belvo knows: acknowledged, nothing recorded';
  }
  return undefined;
}

/** The link is gone: NOT_FOUND from now on, its events purged but the deletion notice (link-registry.ts). */
async function forget(store: WebhookDependencies['store'], linkId: string): Promise<void> {
  await store.links.markDeleted(linkId);
  await store.events.purge(linkId);
}

function toEvent(
  envelope: ParsedEnvelope,
  kind: LinkEventRecord['kind'],
  count: number | null,
  receivedAt: Date,
): NewLinkEvent {
  return {
    id: envelope.webhookId,
    kind,
    linkId: envelope.linkId,
    receivedAt: receivedAt.toISOString(),
    processType: envelope.processType,
    requestId: envelope.requestId,
    externalId: envelope.externalId,
    count,
    error: kind === 'LINK_ERROR' ? linkErrorOf(envelope) : null,
  };
}

/**
 * `linkExists` against Belvo itself: never the cache, since the question is whether a hint is
 * true. A background read (a forged webhook must not spend a person's budget), batched with other
 * checks, and given up before Belvo's 5 s answer deadline: the webhook then answers 503 and
 * Belvo delivers it again later.
 */
export const belvoHasLink =
  (reads: BelvoReads, waitMs = WEBHOOK_CHECK_WAIT_MS) =>
  async (linkId: string): Promise<boolean> =>
    (await reads.link(linkId, { priority: 'background', deadline: Date.now() + waitMs })) !== undefined;

/** Belvo wants a webhook answered within 5 s; the rest of the handling needs some of that. */
const WEBHOOK_CHECK_WAIT_MS = 3_000;
