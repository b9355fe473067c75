import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a gateway that drops clients as a failing network or a restarting
 * gateway does: `cut()` destroys every connection, and until `restore()` each new one is reset as
 * soon as it is accepted (counted by `refused()`), so a client that reconnects meets errors, not a
 * connection that merely waits. (test/support/proxy.ts holds new connections instead.)
 */
export async function startDroppingProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  const open = new Set<Socket>();
  let down = false;
  let accepted = 0;
  let refused = 0;

  const server = createServer((client) => {
    client.on('error', () => client.destroy());
    if (down) {
      refused++;
      client.resetAndDestroy();
      return;
    }
    accepted++;
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    /** Connections let through so far (a client that came back after a cut adds one). */
    accepted: () => accepted,
    /** Connections reset while cut: the client's attempts to come back. */
    refused: () => refused,
    cut() {
      down = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore() {
      down = false;
    },
    async stop() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
