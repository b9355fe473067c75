import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Hop-by-hop headers, and those fetch sets from the body it sends or decodes itself. */
const NOT_FORWARDED = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
const NOT_RETURNED = new Set([
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'content-encoding',
]);

/**
 * An HTTP proxy in front of a server (the simulator), which can hold requests: after `hold()`,
 * requests wait unanswered until `release()` forwards them. So a test knows for certain that a
 * call is in flight (the gateway waiting on Belvo) at the moment it does something else.
 */
export async function startHoldingProxy(targetUrl: string) {
  let holding = false;
  const held: Array<{ url: string; forward: () => void }> = [];
  const server = createServer((request, response) => {
    const forward = () =>
      void pass(request, response, targetUrl).catch(() => {
        response.destroy();
      });
    if (holding) held.push({ url: request.url ?? '', forward });
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Holds every request from now on. */
    hold: () => {
      holding = true;
    },
    /** Paths and queries of the requests held now. */
    held: () => held.map((request) => request.url),
    /** Forwards the held requests and holds no more. */
    release: () => {
      holding = false;
      for (const request of held.splice(0)) request.forward();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function pass(request: IncomingMessage, response: ServerResponse, targetUrl: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = Object.entries(request.headers).flatMap(([name, value]) =>
    NOT_FORWARDED.has(name) || value === undefined ? [] : [[name, String(value)] as [string, string]],
  );
  const upstream = await fetch(new URL(request.url ?? '/', targetUrl), {
    method: request.method,
    headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
  });
  const body = Buffer.from(await upstream.arrayBuffer());
  const returned: Record<string, string> = {};
  upstream.headers.forEach((value, name) => {
    if (!NOT_RETURNED.has(name)) returned[name] = value;
  });
  response.writeHead(upstream.status, returned).end(body);
}
