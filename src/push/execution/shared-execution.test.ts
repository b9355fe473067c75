import { GraphQLInt, GraphQLObjectType, GraphQLSchema, parse, type ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { EventSink } from '../events/link-event-stream.js';
import {
  createSharedSubscribe,
  isSharedStream,
  type ResultSink,
  type WriteBatch,
} from './shared-execution.js';

interface Tick {
  n: number;
  /** Held until this settles: an execution still running. */
  wait?: Promise<void>;
}

/** A source in push mode whose events the test hands out, one object per event for everyone. */
class Source {
  readonly sinks: Array<EventSink<Tick>> = [];
  emit(event: Tick) {
    for (const sink of this.sinks) sink.next(event);
  }
  end() {
    for (const sink of this.sinks) sink.end();
  }
}

function fixture() {
  const source = new Source();
  let executions = 0;
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { n: { type: GraphQLInt } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        tick: {
          type: GraphQLInt,
          subscribe: () => ({
            pipe: (sink: EventSink<Tick>) => source.sinks.push(sink),
            next: () => new Promise(() => {}),
            return: async () => ({ done: true, value: undefined }),
            [Symbol.asyncIterator]() {
              return this;
            },
          }),
          resolve: async (event: Tick) => {
            executions += 1;
            await event.wait;
            return event.n;
          },
        },
      },
    }),
  });
  const subscribe = createSharedSubscribe();
  const log: string[] = [];
  const batch = (name: string): WriteBatch => ({
    begin: () => log.push(`${name}:begin`),
    finish: () => log.push(`${name}:finish`),
  });
  async function subscriber(name: string, group?: WriteBatch) {
    const results = await subscribe({
      schema,
      document: parse('subscription { tick }'),
      contextValue: { principal: { id: 'p' } },
    });
    if (!isSharedStream(results)) throw new Error('not a stream');
    let ended = false;
    const sink: ResultSink = {
      batch: group,
      push: (result: ExecutionResult) => log.push(`${name}:${String(result.data?.tick)}`),
      end: () => (ended = true),
    };
    results.pushTo(sink);
    return { ended: () => ended };
  }
  return { source, subscriber, batch, log, executions: () => executions };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('shared execution in push mode', () => {
  it('executes an event once for all who share the operation, serving each batch together', async () => {
    const { source, subscriber, batch, log, executions } = fixture();
    const a = batch('A');
    await subscriber('a1', a);
    await subscriber('b1', batch('B'));
    await subscriber('a2', a);
    source.emit({ n: 1 });
    await settled();
    expect(executions()).toBe(1);
    expect(log).toEqual(['A:begin', 'a1:1', 'a2:1', 'A:finish', 'B:begin', 'b1:1', 'B:finish']);
  });

  it("keeps each subscriber's order when a later event's result is ready first", async () => {
    const { source, subscriber, log } = fixture();
    await subscriber('s');
    let release = () => {};
    source.emit({ n: 1, wait: new Promise<void>((resolve) => (release = resolve)) });
    source.emit({ n: 2 });
    await settled();
    expect(log).toEqual([]);
    release();
    await settled();
    expect(log).toEqual(['s:1', 's:2']);
  });

  it('ends a subscriber only after its last result is out', async () => {
    const { source, subscriber, log } = fixture();
    const s = await subscriber('s');
    let release = () => {};
    source.emit({ n: 1, wait: new Promise<void>((resolve) => (release = resolve)) });
    source.end();
    await settled();
    expect(s.ended()).toBe(false);
    release();
    await settled();
    expect(log).toEqual(['s:1']);
    expect(s.ended()).toBe(true);
  });
});
