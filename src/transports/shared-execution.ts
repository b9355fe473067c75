import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { GatewayContext } from '../resources/context.js';

type Results = Map<string, Promise<ExecutionResult> | ExecutionResult>;

export interface SharedSubscribe {
  (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult>;
  /**
   * The event a pushed result was executed for, while the result lives: a transport that numbers
   * its messages (SSE `id:`) takes the event's cursor from it, whatever fields the client selected.
   */
  eventOf(result: object): unknown;
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
  const executions = new WeakMap<object, Results>();
  const events = new WeakMap<object, unknown>();

  const subscribe = async function subscribe(
    args: ExecutionArgs,
  ): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const principal = (args.contextValue as GatewayContext).principal;
    const key = [
      principal.id,
      args.operationName ?? '',
      args.document.loc?.source.body ?? '',
      JSON.stringify(args.variableValues ?? {}),
    ].join('\u0000');
    return mapEvents(source, onPush, (event) => {
      if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event });
      let results = executions.get(event);
      if (!results) executions.set(event, (results = new Map()));
      let result = results.get(key);
      if (!result) {
        result = execute({ ...args, rootValue: event });
        results.set(key, result);
        if (result instanceof Promise)
          void result.then(
            (done) => events.set(done, event),
            () => {},
          );
        else events.set(result, event);
      }
      return result;
    });
  };
  return Object.assign(subscribe, { eventOf: (result: object) => events.get(result) });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Maps each event to a result, forwarding `return` so unsubscribing stops the source at once. */
function mapEvents(
  source: AsyncIterable<unknown>,
  onPush: ((event: unknown) => void) | undefined,
  map: (event: unknown) => Promise<ExecutionResult> | ExecutionResult,
): AsyncGenerator<ExecutionResult> {
  return new MappedEvents(
    source[Symbol.asyncIterator](),
    map,
    onPush,
  ) as unknown as AsyncGenerator<ExecutionResult>;
}

/** A class (methods shared on the prototype): one of these lives per open subscription. */
class MappedEvents {
  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly map: (event: unknown) => Promise<ExecutionResult> | ExecutionResult,
    private readonly onPush: ((event: unknown) => void) | undefined,
  ) {}

  async next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    const item = await this.source.next();
    if (item.done) return { done: true, value: undefined };
    const value = await this.map(item.value);
    this.onPush?.(item.value);
    return { done: false, value };
  }

  async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<never> {
    await this.source.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
