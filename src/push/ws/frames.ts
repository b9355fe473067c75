import type { ExecutionResult } from 'graphql';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { PushStandIn } from '../execution/push-stand-in.js';
import type { SharedStream, WriteBatch } from '../execution/shared-execution.js';

/**
 * The socket's client stopped reading and its unsent frames passed the limit. Not one of the codes
 * graphql-ws's client treats as fatal, so it reconnects by itself; resubscribing with `afterCursor`
 * (the last cursor it received) it loses nothing.
 */
export const SLOW_CONSUMER_CLOSE_CODE = 4413;
const SLOW_CONSUMER_REASON = 'Client too slow: unsent messages over the limit; resubscribe with afterCursor';

/**
 * Writes one socket's pushed frames. A batch (one event's results for the subscriptions of this
 * socket) is encoded as WebSocket frames into one buffer and written to the TCP socket (the one Node
 * handed to the upgrade, which ws reads from and writes to) in one call: no per-frame buffers, writes
 * or callbacks in ws. ws's own writes (control frames, graphql-ws's messages) are whole frames
 * written synchronously, so frames never interleave. With a compression extension negotiated ws
 * may queue its writes, and frames go through ws instead (none is configured today).
 *
 * After each batch it checks what the kernel would not take: a client that does not read is
 * dropped rather than buffered without bound, and never slows the others (nothing here waits).
 */
export class SocketWriter implements WriteBatch {
  private dropped = false;
  private batch: string[] | undefined;
  private readonly direct: boolean;

  constructor(
    private readonly ws: WebSocket,
    private readonly tcp: Duplex,
    private readonly maxBufferedBytes: number,
    private readonly onDropped: () => void,
  ) {
    this.direct = ws.extensions === '';
  }

  begin(): void {
    if (this.direct) this.batch = [];
  }

  finish(): void {
    const frames = this.batch;
    this.batch = undefined;
    if (frames?.length && this.ws.readyState === WebSocket.OPEN) this.tcp.write(textFrames(frames));
    if (this.ws.bufferedAmount > this.maxBufferedBytes) this.drop();
  }

  send(message: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.batch) this.batch.push(message);
    else this.ws.send(message);
  }

  private drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    // The close frame queues behind what is buffered: a client that resumes reading gets every
    // frame sent so far, then this code. One that never does is cut by ws's close timeout.
    this.ws.close(SLOW_CONSUMER_CLOSE_CODE, SLOW_CONSUMER_REASON);
    this.onDropped();
  }
}

/** Unmasked, final text frames (RFC 6455 §5.2), as a server sends them, in one buffer. */
export function textFrames(messages: readonly string[]): Buffer {
  const lengths = messages.map((message) => Buffer.byteLength(message));
  const size = lengths.reduce((sum, length) => sum + headerSize(length) + length, 0);
  const frames = Buffer.allocUnsafe(size);
  let offset = 0;
  for (let i = 0; i < messages.length; i++) {
    const length = lengths[i]!;
    frames[offset] = 0x81; // FIN, text
    if (length < 126) {
      frames[offset + 1] = length;
    } else if (length < 65_536) {
      frames[offset + 1] = 126;
      frames.writeUInt16BE(length, offset + 2);
    } else {
      frames[offset + 1] = 127;
      frames.writeBigUInt64BE(BigInt(length), offset + 2);
    }
    offset += headerSize(length);
    offset += frames.write(messages[i]!, offset, 'utf8');
  }
  return frames;
}

function headerSize(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/**
 * A subscription whose results are pushed to its socket by the gateway, held by graphql-ws as its
 * stand-in (push-stand-in.ts). Each result is written as `{"id":…,"type":"next","payload":…}` by
 * concatenation: the payload's JSON is made once per result for all its subscribers, the prefix
 * once per subscription.
 */
class PushedSubscription extends PushStandIn {
  private readonly prefix: string;

  constructor(
    readonly batch: SocketWriter,
    id: string,
    results: SharedStream,
    private readonly payloadOf: (result: ExecutionResult) => string,
  ) {
    super(results);
    this.prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  }

  push(result: ExecutionResult): void {
    this.batch.send(this.prefix + this.payloadOf(result) + '}');
  }
}

/** Starts pushing `results` to the socket as subscription `id`; hand graphql-ws the answer. */
export function pushOverSocket(
  writer: SocketWriter,
  id: string,
  results: SharedStream,
  payloadOf: (result: ExecutionResult) => string,
): AsyncGenerator<ExecutionResult, undefined> {
  const subscription = new PushedSubscription(writer, id, results, payloadOf);
  results.pushTo(subscription);
  return subscription;
}
