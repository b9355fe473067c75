import { openDatabase } from '../../src/store/database.js';
import { hasTemplate } from '../../src/store/pglite-template.js';

/**
 * Once, before any test file: an in-memory PGlite opened and closed, so its migrated template
 * (node_modules/.cache, see src/store/pglite-template.ts) exists before the workers start. Else, on
 * a fresh install, every file that opens PGlite at the same moment runs initdb of its own.
 */
export default async function warmPgliteTemplate(): Promise<void> {
  if (await hasTemplate()) return;
  const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
  await database.close();
}
