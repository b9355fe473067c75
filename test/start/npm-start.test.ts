import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { apiKeyEntry, randomKey } from '../support/auth.js';
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
  it('runs one process that owns its signals: SIGTERM to npm alone frees the port', async () => {
    // Through npm itself, as a process manager or a container's entrypoint would run it.
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      // PostgreSQL rather than the embedded PGlite (seconds of CPU per start): signals are the point.
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: await freshDatabaseUrl() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    npm.stdout.on('data', (chunk) => (stdout += String(chunk)));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    try {
      const url = (
        await eventually(() => /GraphQL explorer:\s+(\S+)\/graphql/.exec(stdout), PROCESS_DEADLINE_MS)
      )[1]!;
      const port = Number(new URL(url).port);
      expect(await listening(port)).toBe(true);
      npm.kill('SIGTERM'); // npm's process only, not its process group
      await exitOf(npm, exited, 15_000);
      // Nothing left behind answering on the port.
      await eventually(async () => !(await listening(port)), 10_000);
    } finally {
      npm.kill('SIGKILL');
    }
  }, 270_000);

  it('starts, serves the demo flow end to end, and stops cleanly on SIGTERM with no open handles', async () => {
    const gateway = runScript('start', [], {
      PORT: '0',
      SANDBOX_EXTRACTION_DELAY_MS: '300',
      LOG_LEVEL: 'warn',
    });
    try {
      const explorerLine = await eventually(
        () => /GraphQL explorer:\s+(\S+)\/graphql/.exec(gateway.output.stdout),
        PROCESS_DEADLINE_MS,
      );
      const url = explorerLine[1]!;
      expect(gateway.output.stdout).toContain('embedded mode');
      expect(gateway.output.stdout).toContain(`${url}/webhooks/belvo`);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);

      const demo = runScript('demo', ['1020304050'], { GATEWAY_URL: url, DEMO_TIMEOUT_MS: '20000' });
      expect(await exitOf(demo.child, demo.exited, PROCESS_DEADLINE_MS)).toBe(0);
      expect(demo.output.stdout).toMatch(/Owner:\s+\S+/);
      expect(demo.output.stdout).toMatch(/Employers: [1-9]/);
      expect(demo.output.stdout).toContain('latest salary');
      expect(demo.output.stdout).not.toContain('1020304050');
    } finally {
      gateway.child.kill('SIGTERM');
    }
    // main.ts exits 1 if anything still holds the event loop 5 s after shutdown.
    expect(await exitOf(gateway.child, gateway.exited, 15_000)).toBe(0);
    expect(gateway.output.stderr.replace(/npm warn.*\n?/g, '')).toBe('');
  }, 270_000);

  it('sends DEMO_API_KEY over HTTP and WebSocket to a gateway with client authentication', async () => {
    const key = randomKey();
    const gateway = runScript('start', [], {
      PORT: '0',
      SANDBOX_EXTRACTION_DELAY_MS: '300',
      LOG_LEVEL: 'warn',
      CLIENT_API_KEYS: apiKeyEntry('demo', key),
      DATABASE_URL: await freshDatabaseUrl(), // the embedded mode's PGlite is the test above's
    });
    try {
      const explorerLine = await eventually(
        () => /GraphQL explorer:\s+(\S+)\/graphql/.exec(gateway.output.stdout),
        PROCESS_DEADLINE_MS,
      );
      const url = explorerLine[1]!;

      const refused = runScript('demo', [], { GATEWAY_URL: url, DEMO_TIMEOUT_MS: '20000' });
      expect(await exitOf(refused.child, refused.exited, PROCESS_DEADLINE_MS)).toBe(1);
      expect(refused.output.stderr).toMatch(/UNAUTHENTICATED.*set DEMO_API_KEY/);

      const demo = runScript('demo', [], { GATEWAY_URL: url, DEMO_TIMEOUT_MS: '20000', DEMO_API_KEY: key });
      expect(await exitOf(demo.child, demo.exited, PROCESS_DEADLINE_MS)).toBe(0);
      expect(demo.output.stdout).toMatch(/Employers: [1-9]/);
    } finally {
      gateway.child.kill('SIGTERM');
    }
    expect(await exitOf(gateway.child, gateway.exited, 15_000)).toBe(0);
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
