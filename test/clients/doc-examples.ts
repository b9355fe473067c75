/**
 * The client examples of the README and docs/ (fenced blocks whose info string is
 * `<language> example [node] [browser]`), and the means to run each one exactly as written:
 * JavaScript in a Node process or, bundled by esbuild, in a Chromium page; bash in bash. Only the
 * gateway's address changes: the examples say `localhost:4000`, the test's gateway is elsewhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';

const ROOT = new URL('../../', import.meta.url).pathname;

export type Runtime = 'node' | 'browser' | 'bash';

export interface Example {
  /** Where it is, for the test's name: `docs/clients.md line 42`. */
  where: string;
  runtime: Runtime;
  code: string;
}

/** Every example block, once per runtime its info string names (bash blocks run in bash). */
export function docExamples(): Example[] {
  const pages = ['README.md', ...readdirSync(`${ROOT}docs`).map((name) => `docs/${name}`)].filter((path) =>
    path.endsWith('.md'),
  );
  return pages.flatMap((path) => {
    const page = readFileSync(`${ROOT}${path}`, 'utf8');
    return [...page.matchAll(/^```(\w+) example( [\w ]+)?\n([\s\S]*?)^```$/gm)].flatMap((match) => {
      const where = `${path} line ${page.slice(0, match.index).split('\n').length}`;
      const language = match[1]!;
      const code = match[3]!;
      if (language === 'bash') return [{ where, runtime: 'bash' as const, code }];
      const runtimes = (match[2] ?? '').trim().split(/\s+/).filter(Boolean) as Runtime[];
      return runtimes.map((runtime) => ({ where, runtime, code }));
    });
  });
}

/** The example as written, pointed at `host` (`127.0.0.1:<port>`) instead of localhost:4000. */
export const pointedAt = (code: string, host: string) => code.replaceAll('localhost:4000', host);

/** What a running example printed so far, line by line (console.log in a page included). */
export interface Running {
  lines: string[];
  stop(): Promise<void>;
}

function collectLines(child: ChildProcess, lines: string[]) {
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop()!;
      lines.push(...parts);
    });
  }
}

function stopper(child: ChildProcess) {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // The bash example runs curl in a subshell: end the whole process group.
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  };
}

/**
 * A Node example as an .mjs file under node_modules/.cache, so that its bare imports resolve to
 * this repository's node_modules as they would in a reader's project.
 */
export function runInNode(code: string, name: string): Running {
  const dir = `${ROOT}node_modules/.cache/doc-examples`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${name}.mjs`;
  writeFileSync(file, code);
  const child = spawn(process.execPath, [file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  collectLines(child, lines);
  return { lines, stop: stopper(child) };
}

/** A bash example, with the variables its prose tells the reader to set. */
export function runInBash(code: string, env: Record<string, string>): Running {
  const child = spawn('bash', ['-c', code], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  collectLines(child, lines);
  return { lines, stop: stopper(child) };
}

/**
 * A site on a port of its own, as a frontend is served (its origin goes in the gateway's
 * ALLOWED_ORIGINS): a page that loads `/example.js`, the bundle of the example being run.
 */
export async function startExampleSite() {
  let script = '';
  const server = createServer((request, response) => {
    if (request.url === '/example.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>example</title><script type="module" src="/example.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve: (bundle: string) => (script = bundle),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type ExampleSite = Awaited<ReturnType<typeof startExampleSite>>;

/** A browser example bundled as a reader's bundler would (esbuild, ES module), in a page of `site`. */
export async function runInBrowser(browser: Browser, code: string, site: ExampleSite): Promise<Running> {
  const bundled = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: 'js', sourcefile: 'example.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  site.serve(bundled.outputFiles[0]!.text);
  const page: Page = await browser.newPage();
  const lines: string[] = [];
  page.on('console', (message) => lines.push(message.text()));
  page.on('pageerror', (error) => lines.push(`page error: ${error.message}`));
  await page.goto(`${site.origin}/`);
  return { lines, stop: () => page.close() };
}
