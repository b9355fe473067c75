import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports.js';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 (DESIGN.md: the version on these machines); PG_BIN overrides it. */
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export const hasPostgresBinaries = () => existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl'));

/** initdb and the server refuse to run as root: as root, they run as the `postgres` user. */
const asRoot = process.getuid?.() === 0;

function command(tool: string, args: string[]): [string, string[]] {
  const path = join(BIN, tool);
  return asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

async function pgTool(tool: string, args: string[]): Promise<void> {
  const [file, argv] = command(tool, args);
  await run(file, argv);
}

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`, trust auth. */
  url: string;
  port: number;
  start(): Promise<void>;
  /** `fast`: clients are told (57P01) and disconnected; `immediate`: the server quits at once, recovering at the next start. */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  /** Stops it if running and deletes its files. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary directory, a free port, its socket
 * in that directory), for tests that stop and start the server: the machine's shared PostgreSQL
 * must never be restarted under other test files.
 */
export async function createPostgresCluster(): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'beg-pg-'));
  if (asRoot) chownSync(dir, ...postgresIds());
  const data = join(dir, 'data');
  const port = await freePort();
  await pgTool('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  // fsync off: the process dies in these tests, never the machine, so what was written survives
  // in the page cache. synchronous_commit stays on: a commit is in the WAL before it is answered.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  let running = false;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  // pg_ctl's own waiting (-w) checks ten times a second; these check as often as the test does.
  const cluster: PostgresCluster = {
    url,
    port,
    async start() {
      await pgTool('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-W', '-o', options, 'start']);
      running = true;
      await until(() => accepts(url));
    },
    async stop(mode) {
      await pgTool('pg_ctl', ['-D', data, '-W', '-m', mode, 'stop']);
      // The postmaster removes its pid file as it exits, after every backend has gone.
      await until(() => !existsSync(join(data, 'postmaster.pid')));
      running = false;
    },
    async destroy() {
      if (running) await cluster.stop('immediate').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

/** Whether the server takes a connection and answers (not "starting up", not refusing). */
async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('PostgreSQL did not start or stop in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The `postgres` user's uid and gid, to hand it the cluster's directory. */
function postgresIds(): [number, number] {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return [id('-u'), id('-g')];
}
