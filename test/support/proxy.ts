import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of a gateway, to drop clients' connections as a network would: `cut()`
 * destroys every connection and holds new ones (they wait, unanswered) until `restore()`.
 */
export async function startProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  let held: Socket[] | undefined;
  let accepted = 0;

  const pipe = (client: Socket) => {
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  };
  const server = createServer((client) => {
    accepted++;
    client.on('error', () => client.destroy());
    if (held) held.push(client);
    else pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    /** Connections accepted so far (a reconnecting client adds one). */
    accepted: () => accepted,
    /** Connections waiting for `restore()`. */
    waiting: () => held?.length ?? 0,
    cut() {
      held ??= [];
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore() {
      const waiting = held ?? [];
      held = undefined;
      for (const client of waiting) if (!client.destroyed) pipe(client);
    },
    async stop() {
      for (const socket of [...open, ...(held ?? [])]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
