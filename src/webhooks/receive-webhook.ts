import type { LinkOwnership } from '../auth/link-ownership.js';
import type { UpstreamCache } from '../cache/cache.js';
import type { EventEngine } from '../events/event-engine.js';
import { isEmploymentsNotice, type LinkEventRecord } from '../events/link-event.js';
import type { Logger } from '../logger.js';
import { forgetLinkPages } from '../resources/links/link.pages.js';
import { countOf, linkErrorOf, parseEnvelope, type ParsedEnvelope } from './envelope.js';

export type WebhookOutcome = 'accepted' | 'duplicate' | 'ignored';

export interface WebhookReceipt {
  outcome: WebhookOutcome;
  /** The event kind, or 'unknown' for a type/code pair this gateway does not know. */
  kind: LinkEventRecord['kind'] | 'unknown';
}

export interface WebhookDependencies {
  events: EventEngine;
  cache: UpstreamCache;
  ownership: LinkOwnership;
  logger: Logger;
  now?: () => Date;
}

/**
 * What a Belvo webhook does, without HTTP: validate, deduplicate, invalidate the link's cached data,
 * record the event, publish it. Never calls Belvo — the webhook is only a hint, and subscribers read
 * the data through the authenticated client. If anything after the claim fails, the claim is given
 * back and the error thrown, so the sender's redelivery is processed rather than dropped as a duplicate.
 * Throws InvalidEnvelopeError for a malformed body.
 */
export async function receiveWebhook(body: unknown, deps: WebhookDependencies): Promise<WebhookReceipt> {
  const envelope = parseEnvelope(body);
  const count = countOf(envelope);
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
  const { store, bus } = deps.events;
  if (!(await store.claim(envelope.webhookId))) {
    log.info('duplicate webhook ignored');
    return { outcome: 'duplicate', kind: envelope.kind };
  }
  try {
    const receivedAt = (deps.now ?? (() => new Date()))();
    const event = await toEvent(envelope, count, receivedAt, deps.events);
    await Promise.all([deps.cache.invalidateLink(envelope.linkId), forgetLinkPages(deps.cache)]);
    await store.append(event);
    await bus.publish(event);
    if (event.kind === 'LINK_DELETED') await deps.ownership.forget(event.linkId);
    log.info({ kind: event.kind }, 'webhook recorded and published');
    return { outcome: 'accepted', kind: event.kind };
  } catch (error) {
    await store.release(envelope.webhookId).catch(() => undefined);
    throw error;
  }
}

async function toEvent(
  envelope: ParsedEnvelope,
  count: number | null,
  receivedAt: Date,
  events: EventEngine,
): Promise<LinkEventRecord> {
  const kind = envelope.kind as LinkEventRecord['kind'];
  const previousNotice = isEmploymentsNotice(kind)
    ? await events.store.swapEmploymentsNotice(
        envelope.linkId,
        envelope.webhookId,
        receivedAt.toISOString().slice(0, 10),
      )
    : null;
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
    newSince: kind === 'NEW_EMPLOYMENTS_AVAILABLE' ? previousNotice : null,
  };
}
