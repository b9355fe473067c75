import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { eventually } from '../../../test/support/sandbox.js';
import { SLOW_CONSUMER_CLOSE_CODE, SocketWriter, textFrames } from './frames.js';

/** ws's frame parser (exported at run time, absent from its type declarations). */
interface FrameReader {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  write(chunk: Buffer, callback: (error?: Error | null) => void): void;
}
const { Receiver } = createRequire(import.meta.url)('ws') as {
  Receiver: new (options: { isServer: boolean }) => FrameReader;
};

describe('textFrames', () => {
  it('encodes messages of every header size, multi-byte text included, as ws reads them', async () => {
    const messages = ['{}', 'é'.repeat(100), 'x'.repeat(200), 'ñ'.repeat(40_000)];
    const receiver = new Receiver({ isServer: false });
    const received: string[] = [];
    receiver.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      received.push(data.toString('utf8'));
    });
    await new Promise<void>((resolve, reject) =>
      receiver.write(textFrames(messages), (error) => (error ? reject(error) : resolve())),
    );
    expect(received).toEqual(messages);
  });
});

/**
 * The direct path rests on three things ws does not document: it writes whole frames synchronously
 * (so a batch written beside its own sends never splits one), negotiates no extension here, and
 * counts bytes written straight to its TCP socket in `bufferedAmount`. Each is checked through a
 * stock ws client over a real TCP connection.
 */
describe('SocketWriter through a stock ws client', () => {
  const SIZES = [0, 125, 126, 65_535, 65_536];
  const sized = (bytes: number, tag: string) => (tag + 'x'.repeat(bytes)).slice(0, bytes) || '';

  async function connected(maxBufferedBytes: number) {
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    const accepted = new Promise<{ ws: WebSocket; writer: SocketWriter; dropped: () => boolean }>((resolve) =>
      server.on('upgrade', (request, tcp: Duplex, head) =>
        wss.handleUpgrade(request, tcp, head, (ws) => {
          let dropped = false;
          resolve({
            ws,
            writer: new SocketWriter(ws, tcp, maxBufferedBytes, () => (dropped = true)),
            dropped: () => dropped,
          });
        }),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    const received: string[] = [];
    const closed = new Promise<number>((resolve) => client.on('close', (code) => resolve(code)));
    client.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      received.push(String(data));
    });
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    const end = async () => {
      client.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    };
    return { ...(await accepted), client, received, closed, end };
  }

  it('delivers frames at every header boundary, alone, many in one write, and between ws’s own sends', async () => {
    const socket = await connected(64 * 2 ** 20);
    try {
      expect(socket.ws.extensions).toBe(''); // else frames would go through ws (the guarded path)
      const expected: string[] = [];
      for (const bytes of SIZES) {
        const message = sized(bytes, `alone-${bytes}-`);
        socket.writer.begin();
        socket.writer.send(message);
        socket.writer.finish();
        expected.push(message);
        const own = `ws-own-${bytes}`;
        socket.ws.send(own); // ws's own frame right after a direct write
        expected.push(own);
      }
      const together = SIZES.map((bytes) => sized(bytes, `together-${bytes}-`));
      socket.writer.begin();
      for (const message of together) socket.writer.send(message);
      socket.writer.finish();
      expected.push(...together);
      await eventually(() => socket.received.length === expected.length);
      expect(socket.received).toEqual(expected);
    } finally {
      await socket.end();
    }
  });

  it('counts direct writes the client has not read, delivers them in order once it reads, and drops it past the limit with 4413', async () => {
    const limit = 4 * 2 ** 20;
    const socket = await connected(limit);
    try {
      const tcp = (socket.client as unknown as { _socket: Duplex })._socket;
      tcp.pause(); // the client stops reading
      const batch = SIZES.map((bytes, i) => sized(bytes, `b${i}-`));
      const perBatch = batch.reduce((sum, message) => sum + message.length, 0);
      let batches = 0;
      // Under the limit: held (in the kernel, then in Node), counted in bufferedAmount, not dropped.
      while (socket.ws.bufferedAmount < limit / 2) {
        socket.writer.begin();
        for (const message of batch) socket.writer.send(message);
        socket.writer.finish();
        batches++;
        if (batches * perBatch > 64 * limit)
          throw new Error('bufferedAmount never counted the direct writes');
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(socket.dropped()).toBe(false);
      tcp.resume();
      await eventually(() => socket.received.length === batches * batch.length, 20_000);
      expect(socket.received).toEqual(Array.from({ length: batches }, () => batch).flat());

      // Over the limit: dropped with 4413, after every frame written before it.
      tcp.pause();
      const before = socket.received.length;
      let written = 0;
      while (!socket.dropped()) {
        socket.writer.begin();
        for (const message of batch) socket.writer.send(message);
        socket.writer.finish();
        written += batch.length;
        await new Promise((resolve) => setImmediate(resolve));
      }
      tcp.resume();
      expect(await socket.closed).toBe(SLOW_CONSUMER_CLOSE_CODE);
      expect(socket.received.length - before).toBe(written);
    } finally {
      await socket.end();
    }
  }, 60_000);
});
