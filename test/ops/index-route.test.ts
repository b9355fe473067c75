import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../support/gateway.js';

describe('GET /', () => {
  let withExplorer: Gateway;
  let production: Gateway;
  beforeAll(async () => {
    [withExplorer, production] = await Promise.all([
      startGateway(),
      startGateway({ GRAPHQL_EXPLORER: 'false' }),
    ]);
  });
  afterAll(() => Promise.all([withExplorer?.stop(), production?.stop()]));

  it('sends a browser to the explorer when it is on', async () => {
    const response = await fetch(`${withExplorer.url}/`, {
      headers: { accept: 'text/html,application/xhtml+xml' },
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/graphql');
  });

  it('answers an index of the routes otherwise, without the explorer when it is off', async () => {
    const response = await fetch(`${production.url}/`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { routes: Record<string, string> };
    expect(body.routes).toMatchObject({ health: '/healthz', readiness: '/readyz', metrics: '/metrics' });
    expect(body.routes.graphql).toMatch(/^\/graphql/);
    expect(body.routes).not.toHaveProperty('explorer');

    const fromCurl = (await (await fetch(`${withExplorer.url}/`)).json()) as {
      routes: Record<string, string>;
    };
    expect(fromCurl.routes.explorer).toMatch(/^\/graphql/);
  });
});
