import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '../errors/error-codes.js';
import type { Logger } from '../observability/logger.js';
import { bundleReferenceApp } from './app-bundle.js';

/** Where the reference onboarding app is served. */
export const APP_PATH = '/app';

/** examples/web/ of this package: the same two levels up from src/routes/ and from dist/routes/. */
export const APP_ROOT = fileURLToPath(new URL('../../examples/web/', import.meta.url));

// Everything from this origin: the app sends nothing anywhere else (no CDN, no fonts, no analytics).
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Whether this install has the app's files (an image built from dist/ alone does not). */
export const referenceAppPresent = (root = APP_ROOT) => existsSync(`${root}index.html`);

/**
 * `/app`: the reference onboarding app (examples/web/). Its TypeScript is bundled by esbuild when
 * it is asked for, not at start: a gateway nobody opens the app on pays nothing, and neither
 * `npm start` nor `npm run build` needs a step of its own for it. esbuild comes with tsx, which
 * `npm start` runs the sources with; it is a dependency of its own so that a production install has it.
 * Files are read at each request and the bundle is made again when a source changed, so a team
 * editing the app only reloads the page.
 */
export function registerReferenceApp(
  fastify: FastifyInstance,
  options: { logger: Logger; root?: string },
): void {
  const root = options.root ?? APP_ROOT;
  const sources = join(root, 'src');
  let bundle: { stamp: number; script: Promise<string> } | undefined;
  const script = () => {
    const stamp = newestChange(sources);
    if (bundle?.stamp !== stamp) {
      const made = { stamp, script: bundleReferenceApp(join(sources, 'main.ts')) };
      made.script.catch(() => {
        if (bundle === made) bundle = undefined; // bundled again at the next request
      });
      bundle = made;
    }
    return bundle.script;
  };

  const send = (reply: FastifyReply, type: string, body: string) =>
    reply
      .type(`${type}; charset=utf-8`)
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('referrer-policy', 'no-referrer')
      .send(body);

  const page = async (_request: unknown, reply: FastifyReply) =>
    send(reply, 'text/html', readFileSync(`${root}index.html`, 'utf8'));
  fastify.get(APP_PATH, page);
  fastify.get(`${APP_PATH}/`, page);
  fastify.get(`${APP_PATH}/app.css`, async (_request, reply) =>
    send(reply, 'text/css', readFileSync(`${root}app.css`, 'utf8')),
  );
  fastify.get(`${APP_PATH}/app.js`, async (_request, reply) => {
    try {
      return send(reply, 'text/javascript', await script());
    } catch (error) {
      // esbuild's message names a file and line of examples/web/src/: the app's own code, no one's data.
      const reason = error instanceof Error ? error.message.slice(0, 1_000) : typeof error;
      options.logger.error({ reason }, 'the reference app could not be bundled');
      return reply
        .code(500)
        .send({ error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'The app could not be bundled' } });
    }
  });
}

/** The latest modification time of the files under `folder`: a dozen stats, far cheaper than a bundle. */
function newestChange(folder: string): number {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
}
