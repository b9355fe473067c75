import type { BelvoClient } from '../belvo/client.js';
import type { UpstreamCache } from '../cache/cache.js';
import type { EventEngine } from '../events/event-engine.js';
import type { Logger } from '../logger.js';
import { createEmploymentsByLinkLoader } from '../resources/employments/employment.loader.js';
import { createLinkLoader } from '../resources/links/link.loader.js';
import { createOwnersByLinkLoader } from '../resources/owners/owner.loader.js';

/** What every resolver gets. Loaders are created per request: never shared across requests. */
export interface GatewayContext extends ContextDependencies {
  loaders: ReturnType<typeof createLoaders>;
}

export interface ContextDependencies {
  belvo: BelvoClient;
  cache: UpstreamCache;
  events: EventEngine;
  logger: Logger;
}

export function createLoaders(belvo: BelvoClient, cache: UpstreamCache) {
  return {
    link: createLinkLoader(belvo, cache),
    employmentsByLink: createEmploymentsByLinkLoader(belvo, cache),
    ownersByLink: createOwnersByLinkLoader(belvo, cache),
  };
}

export function createContext(deps: ContextDependencies): GatewayContext {
  return { ...deps, loaders: createLoaders(deps.belvo, deps.cache) };
}

/**
 * A subscription keeps one context for its whole life, but each pushed event is a new read: it gets
 * fresh loaders, so it never sees data memoised for an earlier event.
 */
export function renewLoaders(ctx: GatewayContext): void {
  ctx.loaders = createLoaders(ctx.belvo, ctx.cache);
}
