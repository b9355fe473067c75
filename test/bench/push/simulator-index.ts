import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { BelvoSandbox } from '../../../src/sandbox/server.js';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/** What a simulator request filters on while it is served: data by `link`, links by `id`. */
interface Filter {
  links?: Set<string>;
  ids?: Set<string>;
}
const requestFilter = new AsyncLocalStorage<Filter>();

function idsOf(query: URLSearchParams, key: string): Set<string> | undefined {
  const ids = [query.get(key), ...(query.get(`${key}__in`)?.split(',') ?? [])].filter((id): id is string =>
    Boolean(id),
  );
  return ids.length > 0 ? new Set(ids) : undefined;
}

function filterOf(url: string | undefined): Filter | undefined {
  if (!url?.includes('?')) return undefined;
  const query = new URL(url, 'http://simulator').searchParams;
  const filter = { links: idsOf(query, 'link'), ids: idsOf(query, 'id') };
  return filter.links || filter.ids ? filter : undefined;
}

function indexed<T extends { link: string }>(all: T[]): () => T[] {
  const byLink = new Map<string, T[]>();
  for (const item of all) {
    const list = byLink.get(item.link);
    if (list) list.push(item);
    else byLink.set(item.link, [item]);
  }
  return () => {
    const links = requestFilter.getStore()?.links;
    if (!links) return all;
    return [...links].flatMap((link) => byLink.get(link) ?? []);
  };
}

/**
 * The simulator scans every stored item on each list request: with 10,000 links (25,000
 * employments) one read costs ~45 ms of its CPU, which would measure the simulator, not the gateway.
 * Once its data is seeded, this serves each request that filters on links (`link`, `link__in`; for
 * links themselves `id`, `id__in`) from a per-link index instead (the simulator's own filters, paging and latency still apply, to fewer items). Bench only:
 * the world must not change afterwards (no new extractions, no deletes).
 */
export function indexSimulatorByLink(sandbox: BelvoSandbox): void {
  const world = sandbox.world;
  for (const key of ['employments', 'owners'] as const) {
    let read = indexed<{ link: string }>(world[key]);
    Object.defineProperty(world, key, {
      get: () => read(),
      // A later change (another section's links) rebuilds the index.
      set: (items: Array<{ link: string }>) => (read = indexed(items)),
      configurable: true,
    });
  }
  const links = world.links;
  Object.defineProperty(world, 'links', {
    get: () => {
      const ids = requestFilter.getStore()?.ids;
      if (!ids) return links;
      return new Map([...ids].flatMap((id) => (links.has(id) ? [[id, links.get(id)!] as const] : [])));
    },
    configurable: true,
  });
  // The simulator's fastify server is private: its node server is reached through the instance.
  const server = (sandbox as unknown as { app: { server: Server } }).app.server;
  const listeners = server.listeners('request') as Listener[];
  server.removeAllListeners('request');
  for (const listener of listeners) {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const filter = filterOf(request.url);
      if (filter) requestFilter.run(filter, () => listener(request, response));
      else listener(request, response);
    });
  }
}

/**
 * `count` links made directly in the simulator's world, with their data extracted. The world's own
 * extraction rescans all stored items per link (minutes for 10,000 links on a loaded machine): the
 * same records are stored here at once instead, and the extraction timers cancelled.
 */
export function seedWorld(sandbox: BelvoSandbox, count: number): string[] {
  const world = sandbox.world;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const link = world.createLink({
      username: String(1_800_000_000 + i),
      access_mode: 'single',
      fetch_resources: ['EMPLOYMENTS', 'OWNERS'],
      external_id: null,
      credentials_storage: 'store',
      stale_in: null,
    });
    const state = world.links.get(link.id)!;
    for (const timer of state.timers) clearTimeout(timer);
    state.timers.clear();
    world.employments.push(...(world.preview(link.id, 'EMPLOYMENTS') as typeof world.employments));
    world.owners.push(...(world.preview(link.id, 'OWNERS') as typeof world.owners));
    ids.push(link.id);
  }
  return ids;
}
