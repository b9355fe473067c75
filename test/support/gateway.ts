import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { buildApp, type App } from '../../src/app/app.js';
import { loadConfig } from '../../src/config.js';
import type { BelvoSandbox } from '../../src/sandbox/server.js';
import { freshDatabaseUrl } from './database.js';
import { capturedLogger, findLeaks } from './log-scan.js';

export interface GraphqlResult<R> {
  status: number;
  data?: R | null;
  errors?: GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/**
 * The real gateway (embedded mode unless `env` says otherwise) on a random port, with instant
 * extraction by default, on a fresh PostgreSQL database of its own unless `env.DATABASE_URL` names
 * one (instances that share state share it). Its logs are captured and, on stop, scanned for
 * personal data and secrets.
 */
export async function startGateway(
  env: Record<string, string> = {},
  deps: Partial<Parameters<typeof buildApp>[0]> = {},
) {
  const config = loadConfig({
    PORT: '0',
    SANDBOX_EXTRACTION_DELAY_MS: '0',
    LOG_LEVEL: 'debug',
    DATABASE_URL: env.DATABASE_URL ?? (await freshDatabaseUrl()),
    // Belvo's rate limits, on both sides, only where a test is about them (test/upstream/).
    SANDBOX_RATE_LIMIT_REQUESTS: '0',
    SANDBOX_DELETE_LIMIT: '0',
    BELVO_BUDGET_REQUESTS: '1000000',
    BELVO_BUDGET_DELETES: '1000000',
    ...env,
  });
  const captured = capturedLogger();
  const app: App = await buildApp({ config, logger: captured.logger, ...deps });
  const url = await app.start();
  const sent = new Set<string>();

  async function graphql<R, V>(
    document: TypedDocumentNode<R, V>,
    variables?: V,
    headers: Record<string, string> = {},
  ): Promise<GraphqlResult<R>> {
    for (const value of Object.values(headers)) sent.add(value);
    const cedula = (variables as { input?: { cedula?: unknown } } | undefined)?.input?.cedula;
    if (typeof cedula === 'string') sent.add(cedula);
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: print(document), variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  async function stop() {
    await app.stop();
    const leaks = findLeaks(captured.lines, app, sent);
    if (leaks.length > 0) throw new Error(`The gateway logged personal data or secrets: ${leaks.join(', ')}`);
  }

  return { app, url, sandbox: app.sandbox as BelvoSandbox, graphql, stop, logLines: captured.lines };
}

export type Gateway = Awaited<ReturnType<typeof startGateway>>;
