import { readFileSync } from 'node:fs';
import { buildSchema, NoDeprecatedCustomRule, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as referenceApp from '../../examples/web/src/operations.js';
import { CREATE_LINK as DEMO_CREATE_LINK } from '../../src/demo/demo.js';
import { FOLLOW_LINK as DEMO_FOLLOW_LINK } from '../../src/demo/follow-link.js';
import { readLinkQuery } from '../../src/explorer/event-panel.js';
import { EXAMPLE_TABS } from '../../src/explorer/examples.js';

/*
 * What the project hands a frontend developer to copy — the explorer's tabs and the queries its
 * events panel opens, the demo's operations, the reference app's — is checked against the
 * committed schema: valid, and selecting no deprecated field, so none of it teaches a shape that
 * is on its way out. (The README's and docs' blocks are run by test/docs/readme-examples.test.ts.)
 */

const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
const LINK_ID = '0b6f0c84-6c1e-4b5e-9a7e-3f2d1c0b9a88';

const shipped: Array<[string, string]> = [
  ...EXAMPLE_TABS.map((tab, index): [string, string] => [`explorer tab ${index + 1}`, tab.query]),
  ...(['employments', 'owners', 'all'] as const).map((reads): [string, string] => [
    `explorer events panel, ${reads}`,
    readLinkQuery(reads, LINK_ID),
  ]),
  ['demo createLink', DEMO_CREATE_LINK],
  ['demo linkEvents', DEMO_FOLLOW_LINK],
  ...Object.entries(referenceApp as Record<string, unknown>).flatMap(
    ([name, text]): Array<[string, string]> =>
      typeof text === 'string' ? [[`reference app ${name}`, text]] : [],
  ),
];

describe('operations shipped to copy from', () => {
  it('include every place that ships them', () => {
    expect(shipped.filter(([name]) => name.startsWith('reference app')).length).toBeGreaterThanOrEqual(4);
    expect(shipped.filter(([name]) => name.startsWith('explorer tab')).length).toBe(EXAMPLE_TABS.length);
  });

  it.each(shipped)('%s is valid against the schema and selects nothing deprecated', (_, text) => {
    const errors = validate(schema, parse(text), [...specifiedRules, NoDeprecatedCustomRule]);
    expect(errors.map((error) => error.message)).toEqual([]);
  });
});
