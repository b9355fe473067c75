import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { declaredSettings } from '../../src/config/docs.js';
import { ErrorCode, WebhookErrorCode } from '../../src/errors/error-codes.js';

const ROOT = new URL('../../', import.meta.url).pathname;
/** The pages a reader trusts: the README, CONTRIBUTING and every page of docs/. */
const pages = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(`${ROOT}docs`)
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const text = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');

interface Block {
  where: string;
  info: string;
  body: string;
}

/** Every fenced block of a page, with its info string (indented blocks in lists included). */
function blocksOf(path: string): Block[] {
  const page = text(path);
  return [...page.matchAll(/^( *)```(.*)\n([\s\S]*?)^\1```$/gm)].map((match) => ({
    where: `${path} line ${page.slice(0, match.index).split('\n').length}`,
    info: match[2]!.trim(),
    body: match[3]!,
  }));
}

/**
 * What a block's info string promises, and who keeps the promise:
 * - `graphql runnable`, `sh runnable`: run by test/docs/readme-examples.test.ts;
 * - `js example node|browser…`, `bash example`: run by test/clients/docs-examples.test.ts;
 * - `text …`: output (the README's banner and demo sample are compared with real runs
 *   by test/docs/readme-banner.test.ts and test/demo/readme-sample.test.ts);
 * - `sh container`: run in order by ci/container-smoke.sh (podman is too heavy for the unit tests);
 * - `mermaid`: a diagram;
 * - `<language> static`: shown, not run (it installs, starts a server until Ctrl-C, needs the real
 *   Belvo, or is a fragment); the names in it are checked below like the prose's.
 */
function kept(info: string): boolean {
  return (
    /^(graphql|sh) runnable$/.test(info) ||
    /^js example( (node|browser))+$/.test(info) ||
    info === 'bash example' ||
    info === 'sh container' ||
    /^text( [\w-]+)?$/.test(info) ||
    info === 'mermaid' ||
    /^\w+ static$/.test(info)
  );
}

/** Prose and static blocks: where a name can go stale unnoticed (examples are run instead). */
function checkedText(path: string): string {
  return text(path).replace(
    /^( *)```(.*)\n([\s\S]*?)^\1```$/gm,
    (_all, _indent, info: string, body: string) => (/static$/.test(info.trim()) ? body : ''),
  );
}

/** The sources a name in the docs may come from. */
function sourceText(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = join(dir, name);
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (/\.(ts|js|cjs|mjs|sh|json)$/.test(name) || dir === '.ci') files.push(path);
    }
  };
  for (const dir of ['src', 'test', 'clients', '.ci', 'ci', 'containers'])
    if (existsSync(join(ROOT, dir))) walk(dir);
  for (const file of ['package.json', 'Containerfile']) if (existsSync(join(ROOT, file))) files.push(file);
  return files.map((path) => readFileSync(join(ROOT, path), 'utf8')).join('\n');
}

describe('README, CONTRIBUTING and docs/ cannot go stale', () => {
  it('has a test or an output marker for every code block', () => {
    expect(text('ci/container-smoke.sh')).toContain('sh container');
    const blocks = pages.flatMap(blocksOf);
    expect(blocks.length).toBeGreaterThan(20);
    expect(
      blocks.filter((block) => !kept(block.info)).map((block) => `${block.where}: \`\`\`${block.info}`),
    ).toEqual([]);
  });

  it('names only files and folders that exist (src/, test/, clients/, schema/, .ci/)', () => {
    const missing = pages.flatMap((path) =>
      [...checkedText(path).matchAll(/(?<![\w./-])(?:src|test|clients|schema|\.ci)\/[\w./*-]*[\w*/]/g)]
        .map((match) => match[0])
        .filter((name) => !name.includes('*') && !name.includes('…'))
        .filter((name) => !existsSync(join(ROOT, name)) && !madeAtRunTime(name))
        .map((name) => `${path}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it('names only npm scripts that exist', () => {
    const scripts = Object.keys(
      (JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts,
    );
    const named = pages.flatMap((path) => [
      ...[...checkedText(path).matchAll(/\bnpm run ([\w:-]+)/g)].map((match) => [path, match[1]!]),
      ...[...checkedText(path).matchAll(/\bnpm (start|test)\b/g)].map((match) => [path, match[1]!]),
    ]);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter(([, script]) => !scripts.includes(script!)).map((pair) => pair.join(': '))).toEqual(
      [],
    );
  });

  it('names only settings, error codes and other upper-case names that exist in the code', () => {
    const schema = buildSchema(text('schema/schema.graphql'));
    const known = new Set<string>([
      ...declaredSettings().map((setting) => setting.env),
      ...Object.values(ErrorCode),
      ...Object.values(WebhookErrorCode),
      ...Object.values(schema.getTypeMap())
        .filter(isEnumType)
        .flatMap((type) => type.getValues().map((value) => value.name)),
    ]);
    // Names of other programs, read or printed by them, not by this code.
    const elsewhere = new Set([
      'EBADENGINE',
      'GET',
      'POST',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_TRACES_SAMPLER',
    ]);
    const sources = sourceText();
    const unknown = new Set<string>();
    for (const path of pages) {
      const prose = checkedText(path);
      const names = [
        // SNAKE_CASE anywhere: settings, error codes, constants.
        ...[...prose.matchAll(/(?<![\w-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![\w-])/g)].map((match) => match[0]),
        // A single upper-case word in backticks: `NOT_FOUND`'s one-word siblings, `PORT`, `LINK`.
        ...[...prose.matchAll(/`([A-Z][A-Z0-9]{2,})`/g)].map((match) => match[1]!),
      ];
      for (const name of names) {
        if (known.has(name) || elsewhere.has(name)) continue;
        if (!new RegExp(`\\b${name}\\b`).test(sources)) unknown.add(`${path}: ${name}`);
      }
    }
    expect([...unknown]).toEqual([]);
  });
});

/** Paths .gitignore names (test/artifacts/, dist/, …): made by a run, absent from a fresh clone. */
function madeAtRunTime(path: string): boolean {
  return text('.gitignore')
    .split('\n')
    .filter((line) => line.includes('/') && !line.startsWith('#'))
    .some((ignored) => path.startsWith(ignored.replace(/^\//, '')));
}
