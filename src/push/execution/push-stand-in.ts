import type { ExecutionResult } from 'graphql';
import type { ResultSink, SharedStream } from './shared-execution.js';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * What a protocol library (graphql-ws, graphql-sse) holds for a subscription whose results the
 * gateway pushes past it: it never yields, and its one `next()` settles when the pushes end, so the
 * library then sends `complete` (or its error) after the last result; `return()` (the client's
 * `complete`, a closed connection) stops the pushes. Each transport says how a result is written.
 */
export abstract class PushStandIn implements ResultSink, AsyncGenerator<ExecutionResult, undefined> {
  private readonly outcome: Promise<IteratorResult<ExecutionResult, undefined>>;
  private settle!: (error?: unknown) => void;
  private done = false;

  constructor(private readonly results: SharedStream) {
    this.outcome = new Promise((resolve, reject) => {
      this.settle = (error) => (error === undefined ? resolve(DONE) : reject(error as Error));
    });
    // The library may never ask for `next()` (the client left while the subscription was set up):
    // a failure then would otherwise be an unhandled rejection, which ends the process.
    this.outcome.catch(() => {});
  }

  abstract push(result: ExecutionResult): void;

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
}
