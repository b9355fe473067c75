import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../support/gateway.js';
import { wsClientFor } from '../support/subscriptions.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const schema = buildSchema(readFileSync(`${ROOT}schema/schema.graphql`, 'utf8'));
/** The README and the reference pages in docs/. */
const pages = ['README.md', ...readdirSync(`${ROOT}docs`).map((name) => `docs/${name}`)].filter((path) =>
  path.endsWith('.md'),
);

/** Every fenced block whose info string is `<language> runnable`, page by page, in order. */
const blocks = pages.flatMap((path) => {
  const page = readFileSync(`${ROOT}${path}`, 'utf8');
  return [...page.matchAll(/^ *```(\w+) runnable\n([\s\S]*?)^ *```$/gm)].map((match, index) => ({
    name: `${path}: ${match[1]} block #${index + 1} (line ${page.slice(0, match.index).split('\n').length + 1})`,
    language: match[1]!,
    text: match[2]!,
  }));
});

interface Result {
  data?: Record<string, unknown> | null;
  errors?: unknown[];
}

describe('README and docs examples marked runnable', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway?.stop());

  async function http(query: string, operationName: string | undefined, variables: Record<string, unknown>) {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, operationName, variables }),
    });
    return (await response.json()) as Result;
  }

  /** The first push of a subscription (the link's recorded events replay at once). */
  async function firstPush(
    query: string,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ) {
    const client = wsClientFor(gateway.url);
    try {
      return await new Promise<Result>((resolve, reject) => {
        client.subscribe(
          { query, operationName, variables },
          {
            next: (result) => resolve(result as Result),
            error: reject,
            complete: () => reject(new Error('completed')),
          },
        );
      });
    } finally {
      await client.dispose();
    }
  }

  it('has some', () => {
    expect(blocks.filter((block) => block.language === 'graphql').length).toBeGreaterThanOrEqual(2);
    expect(blocks.some((block) => block.language === 'sh')).toBe(true);
  });

  it.each(blocks.filter((block) => block.language === 'graphql'))(
    '$name runs as pasted, operation by operation',
    async ({ text }) => {
      // As pasted into the explorer: one document, valid against the schema as a whole.
      const document = parse(text);
      expect(validate(schema, document)).toEqual([]);
      const operations = document.definitions.filter(
        (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
      );
      const variables: Record<string, unknown> = {};
      // A block without its own createLink gets a link made first, as a reader would.
      if (!operations.some((operation) => operation.operation === 'mutation')) {
        const created = await http(
          'mutation { createLink(input: { cedula: "1020304050" }) { link { id } } }',
          undefined,
          {},
        );
        variables.linkId = (created.data!.createLink as { link: { id: string } }).link.id;
      }
      for (const operation of operations) {
        const name = operation.name?.value;
        const result =
          operation.operation === 'subscription'
            ? await firstPush(text, name, variables)
            : await http(text, name, variables);
        expect(result.errors, `${operation.operation} ${name ?? ''}`).toBeUndefined();
        expect(result.data).toBeTruthy();
        const created = result.data?.createLink as { link?: { id: string } | null } | undefined;
        if (created?.link) variables.linkId = created.link.id;
      }
    },
  );

  it.each(blocks.filter((block) => block.language === 'sh'))('$name runs as pasted', async ({ text }) => {
    const { host } = new URL(gateway.url);
    // The README speaks of the default port; the test gateway has its own.
    const script = text.replaceAll('localhost:4000', host).replaceAll('127.0.0.1:4000', host);
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT });
    const answer = JSON.parse(stdout) as Result;
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toBeTruthy();
  });
});
