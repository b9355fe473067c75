import { readFileSync } from 'node:fs';
import { Kind, parse, print, visit, type FieldDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { unannouncedBreakingChanges } from './schema-changes.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const released = readFileSync(`${ROOT}schema/released.graphql`, 'utf8');
const current = readFileSync(`${ROOT}schema/schema.graphql`, 'utf8');
const changelog = readFileSync(`${ROOT}CHANGELOG.md`, 'utf8');

/** The SDL with one field of one object type changed by `edit` (undefined: removed). */
function withField(
  sdl: string,
  [typeName, fieldName]: [string, string],
  edit: (field: FieldDefinitionNode) => FieldDefinitionNode | undefined,
): string {
  return print(
    visit(parse(sdl), {
      ObjectTypeDefinition(node) {
        if (node.name.value !== typeName) return undefined;
        const fields = (node.fields ?? []).flatMap((field) =>
          field.name.value === fieldName ? (edit(field) ?? []) : [field],
        );
        return { ...node, fields };
      },
    }),
  );
}

const STATUS: [string, string] = ['Link', 'status'];

describe('changes to the schema against the released one (schema/released.graphql)', () => {
  it('break nothing a client relies on without a deprecation first and a CHANGELOG entry', async () => {
    expect(await unannouncedBreakingChanges(released, current, changelog)).toEqual([]);
  });

  it('catch a field removed without warning, and allow it deprecated and announced', async () => {
    const removed = withField(current, STATUS, () => undefined);
    expect(await unannouncedBreakingChanges(released, removed, changelog)).toEqual([
      {
        path: 'Link.status',
        message: expect.stringContaining('status') as string,
        missing: ['a deprecation first', 'a CHANGELOG entry naming `Link.status`'],
      },
    ]);
    // Deprecated in the release before, and named under Unreleased: allowed.
    const deprecated = withField(released, STATUS, (field) => ({
      ...field,
      directives: [
        {
          kind: Kind.DIRECTIVE,
          name: { kind: Kind.NAME, value: 'deprecated' },
          arguments: [
            {
              kind: Kind.ARGUMENT,
              name: { kind: Kind.NAME, value: 'reason' },
              value: { kind: Kind.STRING, value: 'Going.' },
            },
          ],
        },
      ],
    }));
    const announced = changelog.replace('## Unreleased\n', '## Unreleased\n\n- Removed `Link.status`.\n');
    expect(await unannouncedBreakingChanges(deprecated, removed, announced)).toEqual([]);
  });

  it('catch a field whose type changed, until the CHANGELOG names it', async () => {
    const retyped = withField(current, ['EmployerData', 'tenureMonths'], (field) => ({
      ...field,
      type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
    }));
    const found = await unannouncedBreakingChanges(released, retyped, changelog);
    expect(found.map((change) => change.path)).toEqual(['EmployerData.tenureMonths']);
    const announced = changelog.replace(
      '## Unreleased\n',
      '## Unreleased\n\n- `EmployerData.tenureMonths` is a String.\n',
    );
    expect(await unannouncedBreakingChanges(released, retyped, announced)).toEqual([]);
  });
});
