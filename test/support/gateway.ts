import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import type { BelvoSandbox } from '../../src/sandbox/server.js';

export interface GraphqlResult<R> {
  status: number;
  data?: R | null;
  errors?: GraphQLFormattedError[];
}

/** The real gateway (embedded mode) on a random port, with instant extraction by default. */
export async function startGateway(
  env: Record<string, string> = {},
  deps: Partial<Parameters<typeof buildApp>[0]> = {},
) {
  const config = loadConfig({ PORT: '0', SANDBOX_EXTRACTION_DELAY_MS: '0', LOG_LEVEL: 'silent', ...env });
  const app: App = await buildApp({ config, logger: silentLogger(), ...deps });
  const url = await app.start();

  async function graphql<R, V>(
    document: TypedDocumentNode<R, V>,
    variables?: V,
    headers: Record<string, string> = {},
  ): Promise<GraphqlResult<R>> {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: print(document), variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  return { app, url, sandbox: app.sandbox as BelvoSandbox, graphql, stop: () => app.stop() };
}

export type Gateway = Awaited<ReturnType<typeof startGateway>>;
