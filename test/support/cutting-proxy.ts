import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL (or Redis) that loses one answer as a network would: once armed
 * with `cutAfter(...patterns)`, the first connection whose client sends a packet containing one is
 * cut as soon as the server starts answering it, the answer never reaching the client. The server has
 * by then finished the statement (and, outside an explicit transaction, committed it): the client
 * cannot tell whether it did. Armed with `silenceAfter(...)` instead, the connection stays open and
 * the answers are dropped: the client waits on a command the server has answered.
 */
export async function startCuttingProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const open = new Set<Socket>();
  let armed: string[] = [];
  let silence = false;
  let cuts = 0;

  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    open.add(client).add(upstream);
    let doomed = false;
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      if (armed.some((pattern) => chunk.includes(pattern))) {
        armed = [];
        doomed = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!doomed) return void client.write(chunk);
      cuts++;
      if (!silence) drop();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${port}`;

  return {
    /** The database's URL through the proxy. */
    url: url.toString(),
    /** Cuts the next connection that sends one of `patterns`, once the server answers it. */
    cutAfter(...patterns: string[]) {
      armed = patterns;
      silence = false;
    },
    /** Drops every answer to the next connection that sends one of `patterns`, keeping it open. */
    silenceAfter(...patterns: string[]) {
      armed = patterns;
      silence = true;
    },
    /** Answers cut or dropped so far (a silenced connection counts each packet it lost). */
    cuts: () => cuts,
    async stop() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
