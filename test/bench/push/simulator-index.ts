import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { BelvoSandbox } from '../../../src/sandbox/server.js';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/** The links a simulator request filters on (`link=` or `link__in=`), while it is served. */
const requestLinks = new AsyncLocalStorage<Set<string>>();

function linksOf(url: string | undefined): Set<string> | undefined {
  if (!url) return undefined;
  const query = new URL(url, 'http://simulator').searchParams;
  const ids = [query.get('link'), ...(query.get('link__in')?.split(',') ?? [])].filter((id): id is string =>
    Boolean(id),
  );
  return ids.length > 0 ? new Set(ids) : undefined;
}

function indexed<T extends { link: string }>(all: T[]): () => T[] {
  const byLink = new Map<string, T[]>();
  for (const item of all) {
    const list = byLink.get(item.link);
    if (list) list.push(item);
    else byLink.set(item.link, [item]);
  }
  return () => {
    const links = requestLinks.getStore();
    if (!links) return all;
    return [...links].flatMap((link) => byLink.get(link) ?? []);
  };
}

/**
 * The simulator scans every stored item on each list request: with 10,000 links (25,000
 * employments) one read costs ~45 ms of its CPU, which would measure the simulator, not the gateway.
 * Once its data is seeded, this serves each request that filters on links from a per-link index
 * instead (the simulator's own filters, paging and latency still apply, to fewer items). Bench only:
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
  // The simulator's fastify server is private: its node server is reached through the instance.
  const server = (sandbox as unknown as { app: { server: Server } }).app.server;
  const listeners = server.listeners('request') as Listener[];
  server.removeAllListeners('request');
  for (const listener of listeners) {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const links = linksOf(request.url);
      if (links) requestLinks.run(links, () => listener(request, response));
      else listener(request, response);
    });
  }
}

/** `count` links made directly in the simulator's world, with their data extracted. */
export async function seedWorld(sandbox: BelvoSandbox, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const link = sandbox.world.createLink({
      username: String(1_800_000_000 + i),
      access_mode: 'single',
      fetch_resources: ['EMPLOYMENTS', 'OWNERS'],
      external_id: null,
      credentials_storage: 'store',
      stale_in: null,
    });
    ids.push(link.id);
  }
  // Extraction runs on a zero-delay timer per link.
  const wanted = new Set(ids);
  while (sandbox.world.owners.filter((owner) => wanted.has(owner.link)).length < count)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return ids;
}
