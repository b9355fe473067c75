import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';
import { eventually } from './sandbox.js';

/** A real graphql-ws client over a real WebSocket to a gateway's `/graphql`. */
export function wsClientFor(url: string, options: Partial<ClientOptions> = {}): Client {
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    ...options,
  });
}

export interface Subscriber<R> {
  results: FormattedExecutionResult<R>[];
  /** Waits until at least `count` results arrived and answers them all. */
  received(count: number, timeoutMs?: number): Promise<FormattedExecutionResult<R>[]>;
  /** Settles when the server completes the subscription or it fails; `failure` tells which. */
  done: Promise<void>;
  failure(): unknown;
  stop(): void;
}

export function subscribe<R, V>(
  client: Client,
  document: TypedDocumentNode<R, V>,
  variables: V,
): Subscriber<R> {
  const results: FormattedExecutionResult<R>[] = [];
  let failure: unknown;
  let settle = () => {};
  const done = new Promise<void>((resolve) => (settle = resolve));
  const stop = client.subscribe<R>(
    { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (result) => results.push(result as FormattedExecutionResult<R>),
      error: (error) => {
        failure = error;
        settle();
      },
      complete: settle,
    },
  );
  return {
    results,
    received: (count, timeoutMs = 10_000) => eventually(() => results.length >= count && results, timeoutMs),
    done,
    failure: () => failure,
    stop,
  };
}

/** A Belvo-shaped webhook envelope; override any field. */
export function envelope(overrides: Record<string, unknown> = {}) {
  return {
    webhook_id: randomHex(32),
    webhook_type: 'LINK',
    process_type: 'recurrent_update',
    webhook_code: 'invalid_credentials',
    link_id: '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88',
    request_id: randomHex(32),
    external_id: null,
    data: { error_code: 'login_error', error_message: 'Invalid credentials', status: 400 },
    ...overrides,
  };
}

export async function postWebhook(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: { status?: string; error?: { code: string; message: string } };
  headers: Headers;
}> {
  const response = await fetch(`${url}/webhooks/belvo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as never, headers: response.headers };
}

const randomHex = (length: number) =>
  Array.from({ length }, () => Math.floor(Math.random() * 16).toString(16)).join('');
