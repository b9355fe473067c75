import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './ports.js';

/*
 * Every test file that needs Redis runs on a redis-server of its own, on a free port: a Redis shared
 * between files (the developer's on 6379) lets one file's gateways disturb another's counts — cache
 * keys such as the list pages' generation are the same for every gateway on one Redis, by design —
 * and a file that stops or flushes Redis would take it from everyone else.
 */

/** Servers this process started and has not stopped: killed if the process exits first. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A redis-server of the test's own on `port`, answering once this resolves. Rejects if the server
 * exits first (the port was taken meanwhile): a ping answered then would be another server's.
 */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`redis-server on port ${port} exited (${signal ?? code}) before answering`)),
    );
    child.once('error', reject);
  });
  const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => 20, maxRetriesPerRequest: null });
  probe.on('error', () => {}); // refused until the server is up
  // The first connection attempt is refused while the server starts; the ping waits for a retry.
  const answering = probe
    .connect()
    .catch(() => undefined)
    .then(() => probe.ping());
  try {
    await Promise.race([answering, exited]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    exited.catch(() => {}); // the server exiting later is stopRedis's business, not this probe's
    probe.disconnect();
  }
  return child;
}

export async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** A private Redis that a test can stop and start again on the same port (an outage). */
export interface PrivateRedis {
  port: number;
  url: string;
  stop(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
}

/** A redis-server on a free port; a port taken between the choice and the start is chosen again. */
export async function privateRedis(): Promise<PrivateRedis> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let child: ChildProcess;
    try {
      child = await startRedis(port);
    } catch (error) {
      if (attempt >= 3) throw error;
      continue;
    }
    return {
      port,
      url: `redis://127.0.0.1:${port}`,
      stop: () => stopRedis(child),
      start: async () => {
        if (child.exitCode === null && child.signalCode === null) return;
        child = await startRedis(port);
      },
    };
  }
}

/** The Redis of one test file: `env` is filled before the file's own `beforeAll` hooks run. */
export interface FileRedis {
  /** `{ REDIS_URL }` once started: pass it (not a copy made at collection) to a gateway's env. */
  env: { REDIS_URL?: string };
  url(): string;
  server(): PrivateRedis;
}

/**
 * Starts a private Redis before the calling file's tests and stops it after them. Call it at the top
 * of the file, outside any `describe`, so its hooks run before those of every suite in the file.
 */
export function redisOfThisFile(): FileRedis {
  let server: PrivateRedis | undefined;
  const env: { REDIS_URL?: string } = {};
  beforeAll(async () => {
    server = await privateRedis();
    env.REDIS_URL = server.url;
  });
  afterAll(async () => {
    await server?.stop();
  });
  const started = () => {
    if (!server) throw new Error('redisOfThisFile: used before its beforeAll ran');
    return server;
  };
  return { env, url: () => started().url, server: started };
}
