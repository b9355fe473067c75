import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCode, WebhookErrorCode } from '../../src/errors/error-codes.js';
import { UserErrorCode } from '../../src/graphql-kit/user-error.js';

/** The API reference, which holds the three tables. */
const page = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

/** The codes in the first column of the table under `heading` (a cell may name several). */
function codesInTable(heading: string): string[] {
  const section = page.split(`\n${heading}\n`)[1]?.split('\n#')[0] ?? '';
  const firstCells = section
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .map((line) => line.split('|')[1]!);
  return firstCells
    .flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z_]+)`/g)].map((match) => match[1]!))
    .sort();
}

describe('docs/api.md', () => {
  it('lists exactly the GraphQL error codes the gateway can send', () => {
    expect(codesInTable('## Errors')).toEqual(Object.values(ErrorCode).sort());
  });

  it("lists exactly the mutations' user error codes", () => {
    expect(codesInTable('## Mutation payloads and user errors')).toEqual(Object.values(UserErrorCode).sort());
  });

  it("lists exactly the webhook route's refusal codes", () => {
    expect(codesInTable('## Webhook route')).toEqual(Object.values(WebhookErrorCode).sort());
  });
});
