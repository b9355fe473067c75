import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');

/** Runs the project's rule file over a tiny tree of its own; answers the exit code and the report. */
async function cruise(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'layers-'));
  directories.push(dir);
  cpSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext' } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return new Promise((resolve) =>
    execFile(
      DEPCRUISE,
      ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
      { cwd: dir },
      (error, stdout) => resolve({ code: error ? Number(error.code) : 0, output: stdout }),
    ),
  );
}

const directories: string[] = [];
afterEach(() => directories.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the one-way flow of src/ (npm run lint)', () => {
  it('passes imports that run down the layers', async () => {
    const result = await cruise({
      'src/cache/cache.ts': 'export const cache = 1;\n',
      'src/resources/links/link.loader.ts':
        "import { cache } from '../../cache/cache.js';\nexport const loader = cache;\n",
      // A file that gathers a folder is one unit with it; a test beside the code is in no layer.
      'src/config/env.ts': 'export const env = 1;\n',
      'src/config.ts': "export { env } from './config/env.js';\n",
      'src/config.test.ts': "import { env } from './config.js';\nexport const checked = env;\n",
      'src/sandbox/main.ts': "import { env } from '../config.js';\nexport const sandbox = env;\n",
    });
    expect(result).toEqual({ code: 0, output: expect.stringContaining('no dependency violations') });
  });

  it('fails an import up the layers, across one layer, and from the simulator into the gateway', async () => {
    const result = await cruise({
      'src/resources/context.ts': 'export const context = 1;\n',
      'src/store/store.ts':
        "import { context } from '../resources/context.js';\nexport const store = context;\n",
      'src/cache/cache.ts': "import { store } from '../store/store.js';\nexport const cache = store;\n",
      'src/belvo/client.ts': 'export const client = 1;\n',
      'src/sandbox/server.ts':
        "import { client } from '../belvo/client.js';\nexport const server = client;\n",
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('flow:src/store/: src/store/store.ts → src/resources/context.ts');
    expect(result.output).toContain('flow:src/cache/: src/cache/cache.ts → src/store/store.ts');
    expect(result.output).toContain(
      'simulator-sees-the-contract-only: src/sandbox/server.ts → src/belvo/client.ts',
    );
  });

  it('fails a module in no layer: a new folder, a new top-level file, one that only shares a prefix, a lone one', async () => {
    const result = await cruise({
      'src/app/app.ts': 'export const app = 1;\n',
      'src/newthing/x.ts': "import { app } from '../app/app.js';\nexport const x = app;\n",
      'src/kit/y.ts': "import { x } from '../newthing/x.js';\nexport const y = x;\n",
      'src/util.ts': "import { app } from './app/app.js';\nexport const util = app;\n",
      'src/kit/z.ts': "import { util } from '../util.js';\nexport const z = util;\n",
      // Not src/config/ nor src/config.ts, whatever its name begins with.
      'src/configuration-extra.ts': "import { app } from './app/app.js';\nexport const extra = app;\n",
      'src/kit/w.ts': "import { extra } from '../configuration-extra.js';\nexport const w = extra;\n",
      'src/lonely/alone.ts': 'export const alone = 1;\n',
    });
    expect(result.code).not.toBe(0);
    for (const edge of [
      'src/kit/y.ts → src/newthing/x.ts',
      'src/newthing/x.ts → src/app/app.ts',
      'src/kit/z.ts → src/util.ts',
      'src/util.ts → src/app/app.ts',
      'src/kit/w.ts → src/configuration-extra.ts',
      'src/configuration-extra.ts → src/app/app.ts',
    ]) {
      expect(result.output).toContain(`in-a-layer: ${edge}`);
    }
    expect(result.output).toMatch(/in-a-layer: src\/lonely\/alone\.ts\b/);
    expect(result.output).not.toContain('in-a-layer: src/app/app.ts');
  });
});
