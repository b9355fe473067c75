/**
 * `npm run build`: src/ compiled into a fresh dist/ by TypeScript 5.9 (tsconfig.build.json), then
 * the hash of what was compiled written beside it, so that `npm start` knows the build is current.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { BUILD, ROOT, STAMP, sourceHash } from './build-stamp.mjs';

const compiled = sourceHash();
// Fresh: a module deleted or moved in src/ leaves nothing behind to be imported by mistake.
rmSync(BUILD, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
// A source saved while tsc ran may or may not be in dist/: then no stamp, and npm start runs src/.
if (sourceHash() === compiled) writeFileSync(STAMP, `${compiled}\n`);
else process.stderr.write('build: src/ changed while it compiled; run npm run build again\n');
