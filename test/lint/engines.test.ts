import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const readJson = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as unknown;

const { engines } = readJson('package.json') as { engines: { node: string } };
const { packages } = readJson('package-lock.json') as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The first release of each Node line `engines` accepts (`^20.19.0 || ^22.13.0 || >=24`: 20.19.0, 22.13.0, 24.0.0). */
const oldestOfEachLine = new semver.Range(engines.node).set.map(
  (comparators) => semver.minVersion(comparators.map((comparator) => comparator.value).join(' '))!.version,
);

/** The installed packages whose `engines.node` refuses `version`, as npm would judge them (EBADENGINE). */
const refusing = (version: string) =>
  Object.entries(packages).flatMap(([path, entry]) => {
    // Old packages sometimes wrote engines as a list; npm ignores that form.
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (path === '' || range === undefined) return [];
    return semver.satisfies(version, range, { includePrerelease: true })
      ? []
      : [`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${range}`];
  });

describe('every dependency runs on every Node line package.json supports (no EBADENGINE)', () => {
  it('reads the lines from engines', () => {
    expect(oldestOfEachLine).toEqual(['20.19.0', '22.13.0', '24.0.0']);
  });

  it.each([...oldestOfEachLine, process.versions.node])('package-lock.json accepts Node %s', (version) => {
    expect(refusing(version)).toEqual([]);
  });

  it('npm ci on this Node prints no EBADENGINE warning', async () => {
    // npm's own check (a dry run: nothing is downloaded or installed), on whichever Node runs the
    // suite: CI runs it on Node 20 and again on Node 24.
    const dir = mkdtempSync(join(tmpdir(), 'engines-'));
    try {
      for (const file of ['package.json', 'package-lock.json'])
        copyFileSync(join(ROOT, file), join(dir, file));
      const { stdout, stderr } = await promisify(execFile)(
        'npm',
        ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'],
        // This Node first on PATH: npm's engine check judges the Node that runs npm.
        { cwd: dir, env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` } },
      );
      expect(`${stdout}${stderr}`).not.toContain('EBADENGINE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
