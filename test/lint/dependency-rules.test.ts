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
});
