import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { employmentSchema, linkSchema } from '../../src/belvo/contract/schemas.js';
import { checkItem } from '../../src/belvo/reading.js';
import { buildGatewaySchema } from '../../src/graphql/schema.js';
import { PEOPLE } from './people.js';

/*
 * docs/income.md shows a query and the answer for one of the hand-written people. The answer is
 * marked as output, not run against the simulator (whose people never hold two jobs in a month):
 * here the page's own query runs over that person's records, with the ids the page shows, and
 * must give the page's answer.
 */
const page = readFileSync(new URL('../../docs/income.md', import.meta.url), 'utf8');
const block = (info: string) => {
  const match = new RegExp(`^\`\`\`${info}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(page);
  if (!match) throw new Error(`docs/income.md has no \`\`\`${info} block`);
  return match[1]!;
};

describe('the sample answer of docs/income.md', () => {
  it("is what the page's query answers for the person it describes", async () => {
    const shown = JSON.parse(block('text output')) as { data: { link: { incomeProfile: unknown } } };
    const linkId = '4f6ad6a5-2a3c-4c0e-9b44-1d9b6f0c7a11';
    const ids = [...block('text output').matchAll(/"id": "([0-9a-f-]{36})"/g)].map((match) => match[1]!);
    const bakeryThenStore = PEOPLE.find((person) => person.cedula === '1010000002')!;
    const records = bakeryThenStore
      .records(linkId)
      .map((record, index) => ({ ...record, id: [...new Set(ids)][index] }));
    const items = records.map((record, index) =>
      checkItem(employmentSchema, record, index, '/api/co/employments/', undefined),
    );
    const result = await graphql({
      schema: await buildGatewaySchema(),
      source: block('graphql runnable'),
      variableValues: { linkId },
      // Only the two reads the query makes: the link itself and its employment records.
      contextValue: {
        loaders: {
          link: { load: () => Promise.resolve(linkSchema.parse({ id: linkId })) },
          employmentsByLink: { load: () => Promise.resolve(items) },
        },
      },
    });
    expect(result.errors).toBeUndefined();
    expect(JSON.parse(JSON.stringify(result))).toEqual(shown);
  });
});
