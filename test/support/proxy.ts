import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of a gateway, to drop clients' connections as a network would: `cut()`
 * destroys every connection, and until `restore()` new ones are, by `whileCut`:
 * - `hold` (default): kept waiting, unanswered, and let through at `restore()`;
 * - `reset`: reset as soon as accepted (counted by `refused()`), as a failing network or a
 *   restarting gateway does, so a client that reconnects meets errors, not a connection that waits.
 */
export async function startProxy(targetUrl: string, options: { whileCut?: 'hold' | 'reset' } = {}) {
  const target = new URL(targetUrl);
  const reset = options.whileCut === 'reset';
  const open = new Set<Socket>();
  let held: Socket[] | undefined;
  let accepted = 0;
  let refused = 0;

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
    client.on('error', () => client.destroy());
    if (held && reset) {
      refused++;
      return void client.resetAndDestroy();
    }
    accepted++;
    if (held) held.push(client);
    else pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    /** Connections accepted so far, held ones included (a reconnecting client adds one). */
    accepted: () => accepted,
    /** Connections reset while cut (`whileCut: 'reset'`): the client's attempts to come back. */
    refused: () => refused,
    /** Connections waiting for `restore()` (`whileCut: 'hold'`). */
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

export type Proxy = Awaited<ReturnType<typeof startProxy>>;
