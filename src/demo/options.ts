import type { Client } from 'graphql-ws';

export interface DemoOptions {
  gatewayUrl: string;
  cedula: string;
  timeoutMs: number;
  /** graphql-ws client for the gateway's `/graphql` WebSocket. */
  ws: Client;
  /** Extra HTTP headers, e.g. the API key. */
  headers?: Record<string, string>;
  print: (line: string) => void;
  /** Rewrites one progress line in place on a terminal; prints every few seconds otherwise. */
  interactive?: boolean;
}
