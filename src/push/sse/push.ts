import type { ExecutionResult } from 'graphql';
import type { ServerResponse } from 'node:http';
import { PushStandIn } from '../execution/push-stand-in.js';
import type { SharedStream } from '../execution/shared-execution.js';

/** Where the bytes of a pushed result come from: made once per result, for every stream. */
export interface NextMessages {
  /** `id: <cursor>` (when the event has one), `event: next` and the payload, as SSE text. */
  messageOf(result: ExecutionResult): Buffer;
  /** The same message as one HTTP/1.1 chunk (size line, message, CRLF). */
  chunkOf(result: ExecutionResult): Buffer;
}

/**
 * The `next` messages of a subscription transport's results, each made once per result (a WeakMap
 * keyed by the result, which the shared execution hands every subscriber of an event alike): in
 * distinct-connections mode a message names no operation, so ten thousand streams following one
 * link are written the same bytes, and writing them costs no encoding or allocation per stream.
 */
export function nextMessages(
  payloadOf: (result: ExecutionResult) => string,
  cursorOf: (result: ExecutionResult) => string | undefined,
): NextMessages {
  const messages = new WeakMap<ExecutionResult, Buffer>();
  const chunks = new WeakMap<ExecutionResult, Buffer>();
  const messageOf = (result: ExecutionResult) => {
    let message = messages.get(result);
    if (!message) {
      const cursor = cursorOf(result);
      const id = cursor === undefined ? '' : `id: ${cursor}\n`;
      messages.set(result, (message = Buffer.from(`${id}event: next\ndata: ${payloadOf(result)}\n\n`)));
    }
    return message;
  };
  return {
    messageOf,
    chunkOf(result) {
      let chunk = chunks.get(result);
      if (!chunk) {
        const message = messageOf(result);
        chunk = Buffer.concat([Buffer.from(`${message.length.toString(16)}\r\n`), message, CRLF]);
        chunks.set(result, chunk);
      }
      return chunk;
    },
  };
}
const CRLF = Buffer.from('\r\n');

/**
 * One SSE subscription in push mode, as the WebSocket path pushes: each result is written to the
 * stream the moment it is ready, in one write of bytes shared by every stream of the result
 * (`NextMessages`). graphql-sse no longer pulls results one stream at a time; it holds this object
 * as its stand-in (push-stand-in.ts) and writes `complete` (or ends the stream on an error) when
 * the pushes end. graphql-sse's own messages (its pings, `complete`) still go through its body,
 * which `writeStream` copies to the same response.
 *
 * A chunked response (HTTP/1.1) gets its chunks written to the socket directly: Node's chunked
 * `write` would make four buffers and a writev per stream. Both are synchronous appends to the one
 * socket, so graphql-sse's messages and these never interleave within a message. Results ready
 * before the response is open (a replay that outran the handler) wait in `pending` until `attach`.
 */
export class PushedStream extends PushStandIn {
  private write: ((result: ExecutionResult) => void) | undefined;
  private pending: ExecutionResult[] | undefined = [];

  constructor(
    results: SharedStream,
    private readonly messages: NextMessages,
  ) {
    super(results);
  }

  /**
   * Writes to `response` (headers sent) from now on, the results that waited first. `onWritten`
   * runs after each write: the writer checks there what the client has not read.
   */
  attach(response: ServerResponse, onWritten: () => void): void {
    const socket = response.socket;
    const direct = response.chunkedEncoding && socket !== null;
    this.write = (result) => {
      if (response.destroyed || response.writableEnded) return;
      if (direct) socket.write(this.messages.chunkOf(result));
      else response.write(this.messages.messageOf(result));
      onWritten();
    };
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const result of pending) this.write(result);
  }

  push(result: ExecutionResult): void {
    if (this.pending) this.pending.push(result);
    else this.write?.(result);
  }

  override async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.pending = undefined;
    return super.return();
  }
}

/** Starts pushing `results` as SSE `next` messages; hand graphql-sse the answer. */
export function pushOverStream(results: SharedStream, messages: NextMessages): PushedStream {
  const stream = new PushedStream(results, messages);
  results.pushTo(stream);
  return stream;
}
