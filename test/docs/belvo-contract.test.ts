import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { FAILING_CEDULA_PREFIXES } from '../../src/sandbox/world.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const doc = readFileSync(`${ROOT}docs/belvo-contract.md`, 'utf8');

/** The rows of the simulator's table of failing cédula prefixes. */
const prefixRows = new Map(
  [...doc.matchAll(/^\| `(\d{3})` +\| (.+) \|$/gm)].map((match) => [match[1]!, match[2]!]),
);

describe('docs/belvo-contract.md and the simulator', () => {
  it('lists every failing cédula prefix the simulator knows, with the Belvo code it answers', () => {
    expect([...prefixRows.keys()].sort()).toEqual(Object.keys(FAILING_CEDULA_PREFIXES).sort());
    for (const [prefix, outcome] of Object.entries(FAILING_CEDULA_PREFIXES)) {
      const code = outcome === 'invalid_credentials_later' ? 'invalid_credentials' : outcome;
      expect(prefixRows.get(prefix)).toContain(`\`${code}\``);
    }
  });

  it('names every webhook code the simulator sends', () => {
    const world = readFileSync(`${ROOT}src/sandbox/world.ts`, 'utf8');
    const sent = [...world.matchAll(/this\.notify\([^)]*?'([a-z_]+)',\s*\{/g)].map((match) => match[1]!);
    expect(sent.length).toBeGreaterThan(3);
    for (const code of new Set(sent)) expect(doc).toContain(`\`${code}\``);
  });

  it('gives the simulator’s default extraction delay', () => {
    const seconds = loadConfig({}).sandbox.extractionDelayMs / 1000;
    expect(doc).toContain(`\`SANDBOX_EXTRACTION_DELAY_MS\` (${seconds} s)`);
  });

  it('is what the README links to, rather than a path outside the repository', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    expect(readme).toContain('(docs/belvo-contract.md)');
    expect(readme).not.toContain('../shared/');
  });
});
