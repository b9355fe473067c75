import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../support/database.js';
import { eventually } from '../support/sandbox.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * How long a spawned process may take to start or finish before the test gives up on it: a limit
 * for failing, never an expectation (a loaded 2-core machine takes tens of seconds to start one).
 * Test timeouts allow three of them.
 */
const PROCESS_DEADLINE_MS = 90_000;
const scripts = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).scripts as Record<string, string>;

/** Runs a package.json script's command itself (not through npm, which would wrap signals and exit codes). */
function runScript(name: string, args: string[], env: Record<string, string>) {
  // `exec` only matters under npm's shell (it makes the shell become the program).
  const [command, ...scriptArgs] = scripts[name]!.replace(/^exec /, '').split(' ');
  const executable = command === 'node' ? process.execPath : `${ROOT}node_modules/.bin/${command}`;
  const child = spawn(executable, [...scriptArgs, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk) => (output.stdout += String(chunk)));
  child.stderr!.on('data', (chunk) => (output.stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

/** Its exit code; a deadline only to kill a hung child and say so (it never delays a passing test). */
const exitOf = (child: ChildProcess, exited: Promise<number | null>, timeoutMs: number) => {
  let deadline: NodeJS.Timeout | undefined;
  return Promise.race([
    exited,
    new Promise<never>((_, reject) => {
      deadline = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${child.spawnargs.join(' ')} did not exit within ${timeoutMs} ms`));
      }, timeoutMs);
    }),
  ]).finally(() => clearTimeout(deadline));
};

/** Whether something accepts connections on the port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('npm start, then npm run demo', () => {
  it('starts embedded through npm, serves the demo flow end to end, and on SIGTERM to npm alone exits 0 with no open handles', async () => {
    // Through npm itself, as a process manager or a container's entrypoint would run it: one process
    // that owns its signals (npm's shell `exec`s node), so npm's SIGTERM reaches the gateway.
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', SANDBOX_EXTRACTION_DELAY_MS: '300', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { stdout: '', stderr: '' };
    npm.stdout.on('data', (chunk) => (output.stdout += String(chunk)));
    npm.stderr.on('data', (chunk) => (output.stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    let port = 0;
    try {
      const explorerLine = await eventually(
        () => /GraphQL explorer:\s+(\S+)\/graphql/.exec(output.stdout),
        PROCESS_DEADLINE_MS,
      );
      const url = explorerLine[1]!;
      port = Number(new URL(url).port);
      expect(output.stdout).toContain('embedded mode');
      expect(output.stdout).toContain(`${url}/webhooks/belvo`);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);

      const demo = runScript('demo', ['1020304050'], { GATEWAY_URL: url, DEMO_TIMEOUT_MS: '20000' });
      expect(await exitOf(demo.child, demo.exited, PROCESS_DEADLINE_MS)).toBe(0);
      expect(demo.output.stdout).toMatch(/Owner:\s+\S+/);
      expect(demo.output.stdout).toMatch(/Employers: [1-9]/);
      expect(demo.output.stdout).toContain('latest salary');
      expect(demo.output.stdout).not.toContain('1020304050');
    } finally {
      npm.kill('SIGTERM'); // npm's process only, not its process group
    }
    try {
      // main.ts exits 1 if anything still holds the event loop 5 s after shutdown.
      expect(await exitOf(npm, exited, 15_000)).toBe(0);
      expect(output.stderr.replace(/npm warn.*\n?/g, '')).toBe('');
      // Nothing left behind answering on the port.
      await eventually(async () => !(await listening(port)), 10_000);
    } finally {
      npm.kill('SIGKILL');
    }
  }, 270_000);

  it('says which port is taken, without a stack trace, when it cannot listen', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const gateway = runScript('start', [], {
        PORT: String(port),
        LOG_LEVEL: 'warn',
        DATABASE_URL: await freshDatabaseUrl(),
      });
      expect(await exitOf(gateway.child, gateway.exited, PROCESS_DEADLINE_MS)).toBe(1);
      expect(gateway.output.stderr).toContain(`Cannot listen on 127.0.0.1:${port}: it is already in use`);
      expect(gateway.output.stderr).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  }, 270_000);

  it('says which database it cannot open, without a stack trace, and exits 1', async () => {
    const gateway = runScript('start', [], { PORT: '0', DATABASE_URL: 'postgres://127.0.0.1:1/gateway' });
    expect(await exitOf(gateway.child, gateway.exited, PROCESS_DEADLINE_MS)).toBe(1);
    expect(gateway.output.stderr).toContain(
      'Cannot open the database (postgresql 127.0.0.1:1/gateway): ECONNREFUSED',
    );
    expect(gateway.output.stderr).not.toMatch(/\n\s+at /);
  }, 270_000);
});
