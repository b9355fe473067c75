import { openDatabase } from '../../src/store/database.js';
import { hasTemplate } from '../../src/store/pglite-template.js';
import { dropAbandonedTestDatabases } from './database.js';

/** Once, before any test file: what an interrupted run left behind, then the PGlite template. */
export default async function globalSetup(): Promise<void> {
  await dropAbandonedDatabases();
  await warmPgliteTemplate();
}

/**
 * A run stopped midway (Ctrl-C, a killed CI job) never reaches its files' `afterAll`, and its
 * databases would pile up on the developer's PostgreSQL: this run drops them. PostgreSQL down is
 * left for the tests that need it to report.
 */
async function dropAbandonedDatabases(): Promise<void> {
  const dropped = await dropAbandonedTestDatabases().catch(() => []);
  if (dropped.length === 0) return;
  const what = dropped.length === 1 ? 'test database' : 'test databases';
  console.log(`Dropped ${dropped.length} ${what} an interrupted run left behind.`);
}

/**
 * An in-memory PGlite opened and closed, so its migrated template (node_modules/.cache, see
 * src/store/pglite-template.ts) exists before the workers start. Else, on a fresh install, every
 * file that opens PGlite at the same moment runs initdb of its own.
 */
async function warmPgliteTemplate(): Promise<void> {
  if (await hasTemplate()) return;
  const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
  await database.close();
}
