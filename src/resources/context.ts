import { linkAccessFor } from '../auth/link-access.js';
import type { Principal } from '../auth/principal.js';
import type { BelvoClient } from '../belvo/client.js';
import type { UpstreamCache } from '../cache/cache.js';
import type { EventEngine } from '../push/events/event-engine.js';
import type { Logger } from '../observability/logger.js';
import type { CreationLedger } from './links/link.creation-ledger.js';
import type { Store } from '../store/store.js';
import type { LinkTraces } from '../push/events/link-traces.js';
import { createEmploymentsByLinkLoader } from './employments/employment.loader.js';
import { createLinkLoader } from './links/link.loader.js';
import { createOwnersByLinkLoader } from './owners/owner.loader.js';
import type { BelvoReads } from '../upstream/belvo-reads.js';
import type { ReadOptions } from '../upstream/read-scheduler.js';

/** What every resolver gets. Loaders are created per request: never shared across requests. */
export interface GatewayContext extends ContextDependencies {
  /** Who is calling; links of other principals do not exist for them. */
  principal: Principal;
  loaders: Loaders;
  /**
   * Who waits on this context's Belvo reads, and until when: a person (the request's deadline),
   * or, for each pushed event, a subscriber (the push deadline). See ReadScheduler.
   */
  reads: ReadOptions;
  /** What this response turned out to be. An object, so it survives Apollo's shallow copy of the context. */
  response: ResponseFlags;
  /**
   * The SSE `Last-Event-ID` header (the cursor of the last event a reconnecting stream received):
   * link subscriptions resume after it as after `afterCursor`. Unchecked text from the client.
   */
  lastEventId?: string;
}

/**
 * What an operation turned out to be: set by the loaders while resolving, read once at the end by
 * the `responseOutcome` Apollo plugin (graphql/apollo-plugins.ts), which tells the client and the
 * response cache.
 */
export interface ResponseFlags {
  /** Belvo was down and expired cached data was served: the response says `stale: true`. */
  servedStale: boolean;
  /** Some link had no data yet (extraction running): the answer will change without notice. */
  incomplete: boolean;
  /** Decided at the end: may the whole HTTP answer be reused (see ResponseCache)? */
  cacheable: boolean;
}

export interface ContextDependencies {
  /** Belvo's writes and unbatched reads (createLink, deleteLink, refreshLink, list pages). */
  belvo: BelvoClient;
  /** Every batched read of Belvo, through the instance's one read scheduler. */
  upstream: BelvoReads;
  /** How long reads may wait for Belvo's budget: a person's request, a push. */
  readDeadlines: { interactiveMs: number; pushMs: number };
  cache: UpstreamCache;
  events: EventEngine;
  /** The system of record: link ownership and the event log. */
  store: Store;
  /** createLink's idempotency. */
  creations: CreationLedger;
  logger: Logger;
  /** Ties a link's creation, webhooks and pushes together in traces and the first-push metric. */
  traces: LinkTraces;
}

type LoaderContext = ContextDependencies & {
  principal: Principal;
  response: ResponseFlags;
  reads: ReadOptions;
};

/**
 * A request's (or a pushed event's) loaders, each created on first use: most requests and pushed
 * events need one loader, or none. A class, not an object literal with getters: an idle
 * subscription holds one of these, and a literal's getters are closures and accessor pairs of its
 * own, with a hidden class and descriptor array per object (about 0.7 KB per subscription).
 */
export class Loaders {
  private linkLoader: ReturnType<typeof createLinkLoader> | undefined;
  private employmentsLoader: ReturnType<typeof createEmploymentsByLinkLoader> | undefined;
  private ownersLoader: ReturnType<typeof createOwnersByLinkLoader> | undefined;

  constructor(
    private readonly ctx: LoaderContext,
    /** The reads as they were when these loaders were made (a renewal replaces both). */
    private readonly reads: ReadOptions,
  ) {}

  get link() {
    const { ctx } = this;
    return (this.linkLoader ??= createLinkLoader(
      ctx.upstream,
      this.reads,
      ctx.cache,
      linkAccessFor(ctx.principal, ctx.store.links),
      () => (ctx.response.servedStale = true),
    ));
  }

  get employmentsByLink() {
    const { ctx } = this;
    return (this.employmentsLoader ??= createEmploymentsByLinkLoader(
      ctx.upstream,
      this.reads,
      ctx.cache,
      () => (ctx.response.servedStale = true),
      () => (ctx.response.incomplete = true),
    ));
  }

  get ownersByLink() {
    const { ctx } = this;
    return (this.ownersLoader ??= createOwnersByLinkLoader(
      ctx.upstream,
      this.reads,
      ctx.cache,
      () => (ctx.response.servedStale = true),
      () => (ctx.response.incomplete = true),
    ));
  }
}

/** A request's context: its reads are a person's, due within the request's deadline. */
export function createContext(deps: ContextDependencies, principal: Principal): GatewayContext {
  const response = { servedStale: false, incomplete: false, cacheable: false };
  const reads: ReadOptions = {
    priority: 'interactive',
    deadline: Date.now() + deps.readDeadlines.interactiveMs,
  };
  const context = { ...deps, principal, response, reads } as GatewayContext;
  context.loaders = new Loaders(context, reads);
  return context;
}

/**
 * A subscription keeps one context for its whole life, but each pushed event is a new read: it gets
 * fresh loaders, so it never sees data memoised for an earlier event, and its reads wait as a
 * push's (behind people, up to the push deadline) rather than failing when the budget is short.
 */
export function renewLoaders(ctx: GatewayContext): void {
  ctx.reads = { priority: 'push', deadline: Date.now() + ctx.readDeadlines.pushMs };
  ctx.loaders = new Loaders(ctx, ctx.reads);
}
