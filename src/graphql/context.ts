import type { BelvoClient } from '../belvo/client.js';
import type { UpstreamCache } from '../cache/cache.js';
import type { Logger } from '../logger.js';
import { createEmploymentsByLinkLoader } from '../resources/employments/employment.loader.js';
import { createLinkLoader } from '../resources/links/link.loader.js';
import { createOwnersByLinkLoader } from '../resources/owners/owner.loader.js';

/** What every resolver gets. Loaders are created per request: never shared across requests. */
export interface GatewayContext {
  belvo: BelvoClient;
  cache: UpstreamCache;
  logger: Logger;
  loaders: ReturnType<typeof createLoaders>;
}

export interface ContextDependencies {
  belvo: BelvoClient;
  cache: UpstreamCache;
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
