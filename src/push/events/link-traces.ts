import { SpanKind, type SpanContext } from '@opentelemetry/api';
import { LRUCache } from 'lru-cache';
import type { LinkEventRecord } from '../../store/link-event.js';
import { inSpan, instantSpan, LINK_ID_ATTRIBUTE } from '../../observability/spans.js';

interface LinkTrace {
  /** The createLink span, which the link's webhook and push spans link to. */
  creation: SpanContext;
  createdAtMs: number;
  pushed: boolean;
}

/**
 * Ties a link's asynchronous life into one trace story: `createLink` (and its Belvo call, a
 * child), then seconds later Belvo's webhook (a new request, linked to the creation), its publish
 * (a child of the webhook) and one push per subscriber (linked to the publish and the creation).
 * Parent/child cannot span that gap — the webhook is Belvo's request, not ours — so span links
 * carry it, and every span names the link (`belvo.link_id`) for what links cannot reach.
 *
 * The span contexts are remembered in this instance, bounded: a webhook or push on another
 * instance than the createLink is correlated by `belvo.link_id` only. The same record times
 * creation to first push for the `gateway_link_first_push_seconds` histogram.
 */
export class LinkTraces {
  private readonly links = new LRUCache<string, LinkTrace>({ max: 10_000, ttl: 24 * 60 * 60_000 });
  private readonly publications = new LRUCache<string, SpanContext>({ max: 10_000, ttl: 60 * 60_000 });

  constructor(
    private readonly onFirstPush: (seconds: number) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs a link creation in its span and remembers it for the link it created. */
  createLink<T extends { id: string }>(create: () => Promise<T>): Promise<T> {
    return inSpan('createLink', { kind: SpanKind.INTERNAL }, async (span) => {
      const link = await create();
      span.setAttribute(LINK_ID_ATTRIBUTE, link.id);
      this.links.set(link.id, { creation: span.spanContext(), createdAtMs: this.now(), pushed: false });
      return link;
    });
  }

  /** Handling one accepted webhook envelope, linked to its link's creation. */
  webhook<T>(
    envelope: { linkId: string; webhookId: string; webhookType: string; webhookCode: string },
    handle: () => Promise<T>,
  ): Promise<T> {
    return inSpan(
      `webhook ${envelope.webhookType} ${envelope.webhookCode}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: { [LINK_ID_ATTRIBUTE]: envelope.linkId, 'belvo.webhook_id': envelope.webhookId },
        links: [this.links.get(envelope.linkId)?.creation],
      },
      handle,
    );
  }

  /** Publishing an event to the link's subscribers (a child of the webhook's span). */
  publish<T>(event: LinkEventRecord, publish: () => Promise<T>): Promise<T> {
    return inSpan(
      `publish ${event.kind}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: { [LINK_ID_ATTRIBUTE]: event.linkId, 'belvo.webhook_id': event.id },
      },
      async (span) => {
        this.publications.set(event.id, span.spanContext());
        return publish();
      },
    );
  }

  /** One event pushed to one subscriber. Anything that is not a link event is ignored. */
  pushed(event: unknown): void {
    if (!isLinkEvent(event)) return;
    const link = this.links.get(event.linkId);
    instantSpan(`push ${event.kind}`, {
      kind: SpanKind.CONSUMER,
      attributes: { [LINK_ID_ATTRIBUTE]: event.linkId, 'belvo.webhook_id': event.id },
      links: [this.publications.get(event.id), link?.creation],
    });
    if (link && !link.pushed) {
      link.pushed = true;
      this.onFirstPush((this.now() - link.createdAtMs) / 1000);
    }
  }
}

function isLinkEvent(value: unknown): value is LinkEventRecord {
  const event = value as Partial<LinkEventRecord> | null;
  return typeof event?.linkId === 'string' && typeof event.id === 'string' && typeof event.kind === 'string';
}
