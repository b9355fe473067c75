import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * A project of one module beside the real scripts/, tsconfig files and node_modules: what
 * `npm start` runs can be told from what the module prints, without starting a gateway.
 */
const MAIN = "console.log(`ran ${import.meta.url.includes('/dist/') ? 'the build' : 'the sources'}`);\n";
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'start-'));
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts']) {
    cpSync(join(ROOT, file), join(project, file), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
  mkdirSync(join(project, 'src'));
  writeFileSync(join(project, 'src/main.ts'), MAIN);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<
  string,
  string
>;

/** Runs a package.json script's command as npm's shell would, in the small project; answers its output. */
async function run(script: 'start' | 'build') {
  const [command, ...args] = scripts[script]!.replace(/^exec /, '').split(' ');
  expect(command).toBe('node');
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: project, timeout: 60_000 });
  return stdout;
}

describe('npm start runs the compiled build only while it is current', () => {
  it('runs the sources without a build, the build once built, and the sources again once one changes', async () => {
    expect(await run('start')).toContain('ran the sources');

    await run('build');
    const fast = await run('start');
    expect(fast).toContain('ran the build');
    expect(fast).not.toContain('Starting from source');

    // Changed, and dated before the build as a checkout or `cp -p` may leave it: still stale.
    writeFileSync(join(project, 'src/main.ts'), `${MAIN}// edited\n`);
    utimesSync(join(project, 'src/main.ts'), new Date(0), new Date(0));
    const stale = await run('start');
    expect(stale).toContain('Starting from source: dist/ is missing or older than src/');
    expect(stale).toContain('ran the sources');

    // Back as it was built: current again. A module added since the build makes it stale.
    writeFileSync(join(project, 'src/main.ts'), MAIN);
    expect(await run('start')).toContain('ran the build');
    writeFileSync(join(project, 'src/added.ts'), 'export const added = 1;\n');
    expect(await run('start')).toContain('ran the sources');
    rmSync(join(project, 'src/added.ts'));

    // A test beside the code is not part of the build.
    writeFileSync(join(project, 'src/main.test.ts'), 'export {};\n');
    expect(await run('start')).toContain('ran the build');
  }, 180_000);
});
