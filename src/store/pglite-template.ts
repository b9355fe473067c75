import { PGlite } from '@electric-sql/pglite';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/*
 * A fresh PGlite runs initdb in WebAssembly: seconds on every start. A new database instead starts
 * from a copy of one made earlier (a data directory tarball, about 40 MB, loaded in a fraction of
 * that), kept in node_modules/.cache and keyed by PGlite's version: every in-memory start, and the
 * first start of a directory database (later ones resume what the directory holds).
 */

// The package exports no package.json: find node_modules from its entry point.
const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
const nodeModules = entry.slice(0, entry.lastIndexOf(`${sep}node_modules${sep}`) + '/node_modules'.length);
const { version } = JSON.parse(
  readFileSync(join(nodeModules, '@electric-sql', 'pglite', 'package.json'), 'utf8'),
) as { version: string };
const templateFile = join(nodeModules, '.cache', 'belvo-employments-gateway', `pglite-${version}.tar`);

/**
 * A PGlite in memory (`dataDir` undefined) or in a directory, and whether it came from the template
 * (else `saveTemplate` may keep one).
 */
export async function createPglite(dataDir?: string): Promise<{ pglite: PGlite; fromTemplate: boolean }> {
  // PGlite refuses to load a tarball over an existing database: a directory that holds one resumes.
  if (dataDir && (await holdsDatabase(dataDir))) {
    return { pglite: await PGlite.create({ dataDir }), fromTemplate: false };
  }
  const template = await readFile(templateFile).catch(() => undefined);
  if (template) {
    try {
      const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([template]) });
      return { pglite, fromTemplate: true };
    } catch {
      // A damaged or foreign file: start the slow way, and the next save replaces it.
    }
  }
  return { pglite: await PGlite.create({ dataDir }), fromTemplate: false };
}

/** Whether a template is on disk (the first in-memory start on a machine makes it). */
export const hasTemplate = () => exists(templateFile);

const holdsDatabase = (dataDir: string) => exists(join(dataDir, 'PG_VERSION'));

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Best effort: a read-only node_modules only means the next start is slow too. */
export async function saveTemplate(pglite: PGlite): Promise<void> {
  try {
    const dump = await pglite.dumpDataDir('none');
    await mkdir(dirname(templateFile), { recursive: true });
    const partial = `${templateFile}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, templateFile); // atomic: a concurrent start never reads half a file
  } catch {
    // ignored on purpose
  }
}
