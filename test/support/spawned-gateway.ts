import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { eventually } from './sandbox.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * How long a spawned gateway may take to start or finish before a test gives up on it: a limit for
 * failing, never an expectation (a loaded 2-core machine takes tens of seconds to start one). Test
 * timeouts allow three of them.
 */
export const PROCESS_DEADLINE_MS = 90_000;

/** tsx's loader by absolute URL, so the gateway also starts from a working directory outside the checkout. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface SpawnedGateway {
  child: ChildProcess;
  /** Everything it printed so far. */
  output: { stdout: string; stderr: string };
  /** Its base URL, once the banner names it. */
  url(): Promise<string>;
  /** Its exit code; kills it (and fails) if it has not exited within `timeoutMs`. */
  exitCode(timeoutMs?: number): Promise<number | null>;
  /** SIGTERM, then its exit. */
  stop(): Promise<number | null>;
}

/**
 * `src/main.ts` as `npm start` runs it, in a process of its own: the environment is the test's
 * (which carries ENV_FILE, see setup.ts) plus `env`; `cwd` the checkout unless given.
 */
export function spawnGateway(env: Record<string, string>, options: { cwd?: string } = {}): SpawnedGateway {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, `${ROOT}src/main.ts`], {
    cwd: options.cwd ?? ROOT,
    // tsx looks for tsconfig.json (decorators) in the working directory: name the checkout's.
    env: { ...process.env, TSX_TSCONFIG_PATH: `${ROOT}tsconfig.json`, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk) => (output.stdout += String(chunk)));
  child.stderr!.on('data', (chunk) => (output.stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const exitCode = (timeoutMs = PROCESS_DEADLINE_MS) => {
    let deadline: NodeJS.Timeout | undefined;
    return Promise.race([
      exited,
      new Promise<never>((_, reject) => {
        deadline = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`the gateway did not exit within ${timeoutMs} ms`));
        }, timeoutMs);
      }),
    ]).finally(() => clearTimeout(deadline));
  };
  return {
    child,
    output,
    async url() {
      const line = await eventually(
        () =>
          /GraphQL endpoint:\s+(\S+)\/graphql/.exec(output.stdout) ??
          (child.exitCode !== null && Promise.reject(new Error(`the gateway exited: ${output.stderr}`))),
        PROCESS_DEADLINE_MS,
      );
      return line[1]!;
    },
    exitCode,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exitCode(15_000);
    },
  };
}
