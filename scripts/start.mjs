/**
 * `npm start`: the compiled gateway (dist/main.js, as `npm run serve` runs it) when dist/ was built
 * from the sources as they are now, else the sources themselves through tsx. Both in this one
 * process, so the signals npm's `exec` hands over reach the gateway. tsx compiles every module as
 * it loads; the build starts in about half the time.
 */
import { join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { BUILD, ROOT, buildIsCurrent } from './build-stamp.mjs';

if (buildIsCurrent()) {
  await import(pathToFileURL(join(BUILD, 'main.js')).href);
} else {
  process.stdout.write(
    'Starting from source: dist/ is missing or older than src/ (npm run build makes npm start faster)\n',
  );
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(ROOT, 'src/main.ts')).href);
}
