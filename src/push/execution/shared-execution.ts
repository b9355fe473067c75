import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { EventSink, PushableStream } from '../events/link-event-stream.js';
import type { GatewayContext } from '../../resources/context.js';

/** Subscribers handed their results together (one socket's): between `begin` and `finish`. */
export interface WriteBatch {
  begin(): void;
  finish(): void;
}

/** Where a subscription in push mode receives its results, in order, as soon as each is ready. */
export interface ResultSink {
  /** Sinks sharing a batch are served one after another, bracketed by its begin/finish. */
  readonly batch?: WriteBatch;
  push(result: ExecutionResult): void;
  /** No result follows: the subscription ended, or failed with `error`. */
  end(error?: unknown): void;
}

/** One subscription's results: pulled (SSE, through graphql-sse) or pushed (WebSocket). */
export interface SharedStream extends AsyncGenerator<ExecutionResult, undefined> {
  /** Pushes every result from now on to `sink`; the stream is not pulled after this. */
  pushTo(sink: ResultSink): void;
}

export interface SharedSubscribe {
  (args: ExecutionArgs): Promise<SharedStream | ExecutionResult>;
  /**
   * The event a pushed result was executed for, while the result lives: a transport that numbers
   * its messages (SSE `id:`) takes the event's cursor from it, whatever fields the client selected.
   */
  eventOf(result: object): unknown;
}

export function isSharedStream(value: unknown): value is SharedStream {
  return value instanceof SharedResults;
}

/**
 * graphql-js `subscribe`, except that one event is executed once per distinct operation and
 * principal, however many subscribers share them: ten thousand clients following one link with the
 * same query cost one execution per event, not ten thousand. Sharing is keyed by the event object
 * itself (the bus hands every listener of an instance the same object) and forgotten with it.
 */
export function createSharedSubscribe(
  /** Called with the event behind each result handed to a subscriber (per subscriber). */
  onPush?: (event: unknown) => void,
): SharedSubscribe {
  const executions = new WeakMap<object, Map<string, Map<string, SharedResult>>>();
  const events = new WeakMap<object, unknown>();

  const subscribe = async function subscribe(args: ExecutionArgs): Promise<SharedStream | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const { text, rest } = executionKey(args);
    const resultFor = (event: unknown): SharedResult => {
      if (typeof event !== 'object' || event === null) return new SharedResult(event, args, events);
      let byText = executions.get(event);
      if (!byText) executions.set(event, (byText = new Map()));
      let results = byText.get(text);
      if (!results) byText.set(text, (results = new Map()));
      let result = results.get(rest);
      if (!result) results.set(rest, (result = new SharedResult(event, args, events)));
      return result;
    };
    return new SharedResults(source[Symbol.asyncIterator](), resultFor, onPush);
  };
  return Object.assign(subscribe, { eventOf: (result: object) => events.get(result) });
}

/**
 * Subscribers share a result when the operation's text, the principal, the operation's name and its
 * variables are the same. Two parts: the text is the document's own string (the gate hands every
 * subscriber of a text the same cached document), where one string of everything would be a copy of
 * the whole query kept per open subscription.
 */
function executionKey(args: ExecutionArgs): { text: string; rest: string } {
  return {
    text: args.document.loc?.source.body ?? '',
    rest: [
      (args.contextValue as GatewayContext).principal.id,
      args.operationName ?? '',
      JSON.stringify(args.variableValues ?? {}),
    ].join('\u0000'),
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * One event's execution for every subscriber that shares it. The subscribers waiting for it are
 * served in one pass when it is ready, grouped by batch (socket), so each socket's frames leave
 * together and the first socket's leave before the last one's are built.
 */
class SharedResult {
  settled = false;
  value: ExecutionResult | undefined;
  failure: { error: unknown } | undefined;
  readonly promise: Promise<ExecutionResult> | undefined;
  private waiting: Map<object, Pusher[]> | undefined;
  private flushQueued = false;

  constructor(
    readonly event: unknown,
    args: ExecutionArgs,
    private readonly events: WeakMap<object, unknown>,
  ) {
    let outcome: Promise<ExecutionResult> | ExecutionResult;
    try {
      outcome = execute({ ...args, rootValue: event });
    } catch (error) {
      outcome = Promise.reject(error);
    }
    if (outcome instanceof Promise) {
      this.promise = outcome;
      outcome.then(
        (value) => this.settle(value, undefined),
        (error: unknown) => this.settle(undefined, { error }),
      );
    } else this.settle(outcome, undefined);
  }

  /** Serves `pusher` once this is ready: in this pass when pending, else in the next microtask. */
  add(pusher: Pusher): void {
    const group = pusher.sink.batch ?? pusher;
    if (!this.waiting) this.waiting = new Map();
    const pushers = this.waiting.get(group);
    if (pushers) pushers.push(pusher);
    else this.waiting.set(group, [pusher]);
    // A result ready at once is handed out after the bus has offered the event to every listener,
    // so subscribers of one socket are still served together.
    if (this.settled && !this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  private settle(value: ExecutionResult | undefined, failure: { error: unknown } | undefined): void {
    this.settled = true;
    this.value = value;
    this.failure = failure;
    if (value) this.events.set(value, this.event);
    this.flush();
  }

  private flush(): void {
    this.flushQueued = false;
    const waiting = this.waiting;
    this.waiting = undefined;
    for (const pushers of waiting?.values() ?? []) {
      const batch = pushers[0]!.sink.batch;
      batch?.begin();
      for (const pusher of pushers) pusher.drain();
      batch?.finish();
    }
  }
}

/**
 * One subscription in push mode: the results it waits for, in event order (a later event's result
 * may be ready before an earlier one's, and waits for it).
 */
class Pusher implements EventSink<unknown> {
  private readonly backlog: SharedResult[] = [];
  private ended: { error: unknown } | undefined;
  private stopped = false;

  constructor(
    readonly sink: ResultSink,
    private readonly resultFor: (event: unknown) => SharedResult,
    private readonly onPush: ((event: unknown) => void) | undefined,
  ) {}

  next(event: unknown): void {
    if (this.stopped) return;
    const result = this.resultFor(event);
    this.backlog.push(result);
    result.add(this);
  }

  end(error?: unknown): void {
    if (this.stopped) return;
    this.ended = { error };
    if (this.backlog.length === 0) this.finish();
  }

  /** Hands out every result at the head of the backlog that is ready. */
  drain(): void {
    while (!this.stopped && this.backlog[0]?.settled) {
      const result = this.backlog.shift()!;
      if (result.failure) {
        this.stopped = true;
        this.sink.end(result.failure.error);
        return;
      }
      this.onPush?.(result.event);
      this.sink.push(result.value!);
    }
    if (this.backlog.length === 0 && this.ended) this.finish();
  }

  stop(): void {
    this.stopped = true;
    this.backlog.length = 0;
  }

  private finish(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.sink.end(this.ended?.error);
  }
}

/** A class (methods shared on the prototype): one of these lives per open subscription. */
class SharedResults implements SharedStream {
  private pusher: Pusher | undefined;

  constructor(
    private readonly source: AsyncIterator<unknown> & Partial<PushableStream<unknown>>,
    private readonly resultFor: (event: unknown) => SharedResult,
    private readonly onPush: ((event: unknown) => void) | undefined,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    const item = await this.source.next();
    if (item.done) return { done: true, value: undefined };
    const result = this.resultFor(item.value);
    const value = result.settled ? result.value : await result.promise;
    if (result.failure) throw result.failure.error;
    this.onPush?.(item.value);
    return { done: false, value: value! };
  }

  pushTo(sink: ResultSink): void {
    const pusher = (this.pusher = new Pusher(sink, this.resultFor, this.onPush));
    if (typeof this.source.pipe === 'function') this.source.pipe(pusher);
    else void pull(this.source, pusher);
  }

  async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.pusher?.stop();
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<never> {
    this.pusher?.stop();
    await this.source.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}

/** Push mode over a source that can only be pulled. */
async function pull(source: AsyncIterator<unknown>, sink: EventSink<unknown>): Promise<void> {
  try {
    for (;;) {
      const item = await source.next();
      if (item.done) return sink.end();
      sink.next(item.value);
    }
  } catch (error) {
    sink.end(error);
  }
}
