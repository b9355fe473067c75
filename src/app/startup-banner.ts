import { renderBanner } from '../operations/banner.js';
import { probeDependencies, type DependencyStatus } from '../operations/dependency-status.js';
import { GRAPHQL_PATH } from '../transports/graphql-http.js';
import { WEBHOOK_PATH } from '../transports/webhook-http.js';
import type { App } from './app.js';

/**
 * What `npm start` prints once it listens, its dependencies checked now so that the banner says
 * what works rather than what was configured; the statuses too, for the warnings that follow it.
 */
export async function startupBanner(
  app: App,
  url: string,
  checkTimeoutMs: number,
): Promise<{ banner: string; statuses: DependencyStatus[] }> {
  const statuses = await probeDependencies(app.checks, checkTimeoutMs);
  const banner = renderBanner({
    config: app.config,
    url,
    webhookPath: WEBHOOK_PATH,
    graphqlPath: GRAPHQL_PATH,
    sandboxUrl: app.sandbox?.url,
    cacheBackend: app.cache.backend,
    busBackend: app.events.bus.backend,
    statuses,
  });
  return { banner, statuses };
}
