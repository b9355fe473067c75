import Fastify from 'fastify';
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.js';
import { APP_ROOT, registerReferenceApp } from './app-http.js';

describe('the reference app route', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  /**
   * A copy of examples/web/ to break and mend, inside the repository so that its imports find
   * node_modules (test/artifacts/ is not committed).
   */
  function copyOfTheApp(): string {
    const artifacts = fileURLToPath(new URL('../../test/artifacts/', import.meta.url));
    mkdirSync(artifacts, { recursive: true });
    const root = mkdtempSync(join(artifacts, 'reference-app-'));
    folders.push(root);
    cpSync(APP_ROOT, root, { recursive: true });
    return `${root}/`;
  }

  it('bundles the app again when a source changes, and answers 500 (logged) while it does not compile', async () => {
    const root = copyOfTheApp();
    const logged: unknown[] = [];
    const logger = silentLogger();
    logger.error = ((fields: unknown) => void logged.push(fields)) as typeof logger.error;
    const fastify = Fastify();
    registerReferenceApp(fastify, { logger, root });
    const script = () => fastify.inject({ method: 'GET', url: '/app/app.js' });
    try {
      const first = await script();
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toBe('text/javascript; charset=utf-8');

      const main = join(root, 'src/main.ts');
      const later = (seconds: number) => new Date(Date.now() + seconds * 1000);
      writeFileSync(join(root, 'src/broken.ts'), 'export const = ;\n');
      writeFileSync(main, `import './broken.js';\n`);
      utimesSync(main, later(10), later(10));
      const broken = await script();
      expect(broken.statusCode).toBe(500);
      expect(JSON.stringify(logged)).toContain('broken.ts');

      writeFileSync(main, `document.title = 'mended';\n`);
      utimesSync(main, later(20), later(20));
      const mended = await script();
      expect(mended.statusCode).toBe(200);
      expect(mended.body).toContain('mended');
      expect(mended.body).not.toBe(first.body);
    } finally {
      await fastify.close();
    }
  });

  it('serves the page with a policy that allows its own origin only', async () => {
    const fastify = Fastify();
    registerReferenceApp(fastify, { logger: silentLogger() });
    try {
      for (const url of ['/app', '/app/', '/app/app.css']) {
        const response = await fastify.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-security-policy']).toMatch(/default-src 'none'.*connect-src 'self'/);
      }
    } finally {
      await fastify.close();
    }
  });
});
