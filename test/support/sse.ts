import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { eventually } from './sandbox.js';

/** One SSE message as the wire had it: `id:` (when sent), `event:` and the parsed `data:`. */
export interface SseMessage<R> {
  id: string | undefined;
  event: string;
  data: FormattedExecutionResult<R> | null;
}

export interface SseStream<R> {
  status: number;
  headers: Headers;
  /** The JSON body of an answer that is not a stream (refusals). */
  body: unknown;
  /** `next` messages, in order. */
  results: SseMessage<R>[];
  /** Every message, `complete` included; `:` heartbeats are counted in `comments`. */
  messages: SseMessage<R>[];
  comments: number;
  received(count: number, timeoutMs?: number): Promise<SseMessage<R>[]>;
  /** Settles when the server ends the stream (or it is aborted). */
  ended: Promise<void>;
  /** Drops the connection, as a network failure would. */
  abort(): void;
}

/**
 * A raw GraphQL-over-SSE request (distinct connections mode) with fetch, parsing the stream by
 * hand so tests see exactly what went over the wire: ids, events, heartbeats.
 */
export async function openSse<R, V>(
  url: string,
  document: TypedDocumentNode<R, V> | string,
  variables: V,
  headers: Record<string, string> = {},
): Promise<SseStream<R>> {
  const control = new AbortController();
  const response = await fetch(`${url}/graphql/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
    signal: control.signal,
  });
  const messages: SseMessage<R>[] = [];
  const results: SseMessage<R>[] = [];
  const stream: SseStream<R> = {
    status: response.status,
    headers: response.headers,
    body: undefined,
    results,
    messages,
    comments: 0,
    received: (count, timeoutMs = 10_000) => eventually(() => results.length >= count && results, timeoutMs),
    ended: Promise.resolve(),
    abort: () => control.abort(),
  };
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    const text = await response.text();
    stream.body = text ? (JSON.parse(text) as unknown) : undefined;
    return stream;
  }
  stream.ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const message: SseMessage<R> = { id: undefined, event: '', data: null };
          let comment = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comment = true;
            else if (line.startsWith('id: ')) message.id = line.slice(4);
            else if (line.startsWith('event: ')) message.event = line.slice(7);
            else if (line.startsWith('data:') && line.length > 5) message.data = JSON.parse(line.slice(6));
          }
          if (comment && !message.event) stream.comments++;
          else {
            messages.push(message);
            if (message.event === 'next') results.push(message);
          }
        }
      }
    } catch (error) {
      if (!control.signal.aborted) throw error;
    }
  })();
  return stream;
}
