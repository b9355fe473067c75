import type { ExecutionResult } from 'graphql';
import type { Writable } from 'node:stream';
import type { ResultSink, SharedStream } from '../execution/shared-execution.js';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Turns a pushed result into its `next` message: the payload's JSON and the event's cursor. */
export interface NextMessages {
  /** The result as a `next` payload's JSON, made once per result for every subscriber. */
  payloadOf(result: ExecutionResult): string;
  /** The cursor of the event behind a result (digits only), for the SSE `id:` line. */
  cursorOf(result: ExecutionResult): string | undefined;
}

/**
 * One SSE subscription in push mode, as the WebSocket path pushes: each result is written to the
 * response the moment it is ready, as `id: <cursor>` + `event: next` + its payload's JSON made once
 * for all subscribers, in one write. graphql-sse no longer pulls results one stream at a time; it
 * holds this object as a stand-in that settles when the pushes end, and then writes `complete`
 * (or ends the stream on an error) as before. graphql-sse's own messages (its pings, `complete`)
 * still go through its body, which `writeStream` copies to the same response.
 *
 * Results ready before the response is open (a replay that outran the handler) wait in `pending`
 * until `attach`.
 */
export class PushedStream implements ResultSink, AsyncGenerator<ExecutionResult, undefined> {
  private response: Writable | undefined;
  private onWritten: (() => void) | undefined;
  private pending: string[] | undefined = [];
  private readonly outcome: Promise<IteratorResult<ExecutionResult, undefined>>;
  private settle!: (error?: unknown) => void;
  private done = false;

  constructor(
    private readonly results: SharedStream,
    private readonly messages: NextMessages,
  ) {
    this.outcome = new Promise((resolve, reject) => {
      this.settle = (error) => (error === undefined ? resolve(DONE) : reject(error as Error));
    });
    // The stream may be refused or closed before graphql-sse first asks for `next()`: a failure
    // then would otherwise be an unhandled rejection (which ends the process).
    this.outcome.catch(() => {});
  }

  /**
   * Writes to `response` from now on, the results that waited first. `onWritten` runs after each
   * write: the writer checks there what the client has not read.
   */
  attach(response: Writable, onWritten: () => void): void {
    this.response = response;
    this.onWritten = onWritten;
    const pending = this.pending ?? [];
    this.pending = undefined;
    if (pending.length > 0) this.write(pending.join(''));
  }

  push(result: ExecutionResult): void {
    const cursor = this.messages.cursorOf(result);
    const message = `${cursor === undefined ? '' : `id: ${cursor}\n`}event: next\ndata: ${this.messages.payloadOf(result)}\n\n`;
    if (this.pending) this.pending.push(message);
    else this.write(message);
  }

  end(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.settle(error);
  }

  next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    return this.outcome;
  }

  async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.end();
    this.pending = undefined;
    await this.results.return(undefined);
    return DONE;
  }

  async throw(): Promise<IteratorResult<ExecutionResult, undefined>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }

  private write(text: string): void {
    const response = this.response!;
    if (response.destroyed || response.writableEnded) return;
    response.write(text);
    this.onWritten?.();
  }
}

/** Starts pushing `results` as SSE `next` messages; hand graphql-sse the answer. */
export function pushOverStream(results: SharedStream, messages: NextMessages): PushedStream {
  const stream = new PushedStream(results, messages);
  results.pushTo(stream);
  return stream;
}
