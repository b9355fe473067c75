import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSET_PATH } from '../../src/explorer/page.js';
import { APP_PATH } from '../../src/routes/app-http.js';
import { startGateway, type Gateway } from '../support/gateway.js';

/**
 * Routes that only serve a page its own files (the explorer's, the reference app's), or the same
 * page again with a trailing slash: a reader never types them.
 */
const PAGE_ASSETS = [
  '/favicon.ico',
  `${ASSET_PATH}/:name`,
  `${APP_PATH}/`,
  `${APP_PATH}/app.css`,
  `${APP_PATH}/app.js`,
];

/** Every path fastify serves, read from its route tree (`printRoutes`, one segment per line). */
function servedPaths(fastify: FastifyInstance): string[] {
  const paths: string[] = [];
  const prefixes: string[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (prefixes[depth - 1] ?? '') + match[2]!;
    prefixes[depth] = path;
    if (match[3]) paths.push(path);
  }
  return paths;
}

describe('GET / lists every route a client or an operator may call', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway?.stop());

  it('names each public path the gateway serves, the SSE endpoint included', async () => {
    const index = (await (await fetch(`${gateway.url}/`)).json()) as { routes: Record<string, string> };
    const listed = Object.values(index.routes).map((entry) => entry.split(' ')[0]);
    const served = servedPaths(gateway.app.fastify).filter(
      (path) => path !== '/' && !PAGE_ASSETS.includes(path),
    );
    // The tree parse found the routes every gateway has, so an empty or partial parse cannot pass.
    expect(served).toEqual(
      expect.arrayContaining(['/graphql', '/graphql/stream', '/healthz', '/webhooks/belvo']),
    );
    for (const path of served) expect(listed, path).toContain(path);
    expect(index.routes.stream).toMatch(/^\/graphql\/stream \(.*Server-Sent Events/);
  });
});
