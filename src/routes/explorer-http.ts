import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ASSET_PATH, BOOT_SCRIPT, explorerHtml } from '../explorer/page.js';
import { GRAPHQL_STREAM_PATH } from '../requests/paths.js';
import { ErrorCode } from '../errors/error-codes.js';

const require = createRequire(import.meta.url);
const packageFile = (name: string, file: string) =>
  join(dirname(require.resolve(`${name}/package.json`)), file);

/** GraphiQL 4's UMD build on React 18's UMD files, straight from node_modules: no CDN, no bundler. */
const ASSETS: Record<string, { file: () => string; type: string }> = {
  'react.js': { file: () => packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': {
    file: () => packageFile('react-dom', 'umd/react-dom.production.min.js'),
    type: 'text/javascript',
  },
  'graphiql.js': { file: () => packageFile('graphiql', 'dist/index.umd.js'), type: 'text/javascript' },
  'graphiql.css': { file: () => packageFile('graphiql', 'dist/style.css'), type: 'text/css' },
};

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // GraphiQL sets inline styles on its panes, and its fonts and icons are data: URLs.
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The GraphQL explorer: a browser asking for `/graphql` (Accept: text/html, no query) gets GraphiQL;
 * every other request there is GraphQL as usual. Files are read once, at registration.
 */
export async function registerExplorer(fastify: FastifyInstance, graphqlPath: string): Promise<void> {
  const files = new Map<string, { body: Buffer | string; type: string }>(
    Object.entries(ASSETS).map(([name, asset]) => [
      name,
      { body: readFileSync(asset.file()), type: asset.type },
    ]),
  );
  files.set('boot.js', { body: BOOT_SCRIPT, type: 'text/javascript' });
  const html = explorerHtml(graphqlPath, GRAPHQL_STREAM_PATH);

  fastify.get(`${ASSET_PATH}/:name`, async (request: FastifyRequest<{ Params: { name: string } }>, reply) => {
    const file = files.get(request.params.name);
    if (!file)
      return reply.code(404).send({ error: { code: ErrorCode.NOT_FOUND, message: 'No such explorer file' } });
    return reply
      .type(`${file.type}; charset=utf-8`)
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
  });

  // Browsers ask for it on every page; an empty answer keeps their consoles clean.
  fastify.get('/favicon.ico', async (_request, reply) => reply.code(204).send());

  fastify.addHook('onRequest', async (request, reply: FastifyReply) => {
    if (request.method !== 'GET' || !wantsExplorer(request, graphqlPath)) return;
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(html);
  });
}

function wantsExplorer(request: FastifyRequest, graphqlPath: string): boolean {
  const url = new URL(request.url, 'http://localhost');
  return (
    url.pathname === graphqlPath &&
    !url.searchParams.has('query') &&
    (request.headers.accept ?? '').includes('text/html')
  );
}
