/**
 * Whether dist/ was compiled from the sources as they are now. `npm run build` records a hash of
 * what it compiled (scripts/build.mjs); `npm start` runs dist/ only while that hash still matches
 * (scripts/start.mjs). A hash of contents, not modification times: a checkout, a copy or an editor
 * can leave a changed file older than the build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URL, fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILD = join(ROOT, 'dist');
export const STAMP = join(BUILD, 'source-hash.txt');

/** What the compiled output depends on: the compiler's version, its settings and src/ but its tests. */
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'node_modules/typescript/package.json'];

/** A hash of the build's inputs: every path and every byte. */
export function sourceHash() {
  const sources = readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name).slice(ROOT.length));
  const hash = createHash('sha256');
  for (const path of [...INPUTS, ...sources.sort()]) {
    hash
      .update(`${path}\0`)
      .update(readFileSync(join(ROOT, path)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** Whether dist/ holds a finished build of today's sources. */
export function buildIsCurrent() {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === sourceHash();
}
