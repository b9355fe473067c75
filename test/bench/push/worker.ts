import { fork } from 'node:child_process';

/** A request to a worker process and its answer, matched by `id`. */
export interface Request {
  id: number;
  type: string;
  [key: string]: unknown;
}

export interface Worker {
  pid: number;
  /** Sends `{type, ...payload}` and waits for the answer with the same id (or its `error`). */
  call<T = Record<string, unknown>>(type: string, payload?: object, timeoutMs?: number): Promise<T>;
  /** Asks the worker to stop, and kills it if it has not exited within 10 s. */
  stop(): Promise<void>;
}

/**
 * A bench process of its own (the gateway under test, a floor server, the subscribers), driven over
 * IPC: so that its CPU and memory are its own, and its event loop is not the driver's.
 */
export function startWorker(
  module: string,
  args: string[] = [],
  env: Record<string, string> = {},
  execArgv: string[] = [],
): Worker {
  const child = fork(new URL(module, import.meta.url).pathname, args, {
    execArgv: ['--expose-gc', '--import', 'tsx', ...execArgv],
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id: number; error?: string }) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(`${module}: ${message.error}`));
    else waiter.resolve(message as never);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${module} exited`));
    pending.clear();
  });
  return {
    pid: child.pid!,
    call: <T>(type: string, payload: object = {}, timeoutMs = 60_000) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${module}: no answer to ${type} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => (clearTimeout(timer), resolve(value)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        child.send({ ...payload, id, type });
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ id: 0, type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The worker side: answers each request with its handler's result (or its error). */
export function serveRequests(
  handlers: Record<string, (request: Request) => Promise<object> | object>,
): void {
  process.on('message', (request: Request) => {
    const handler = handlers[request.type];
    if (!handler) return void process.send?.({ id: request.id, error: `no handler for ${request.type}` });
    Promise.resolve()
      .then(() => handler(request))
      .then(
        (answer) => process.send?.({ ...answer, id: request.id }),
        (error: unknown) =>
          process.send?.({ id: request.id, error: String((error as Error)?.stack ?? error) }),
      );
  });
}

/** Time on the machine's shared clock (both processes add their own timeOrigin). */
export const now = () => performance.timeOrigin + performance.now();

/** This process's CPU time so far, and its memory (`collect`: the heap after a full collection). */
export function processStats(collect = false) {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (collect) gc?.();
  if (collect) gc?.();
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return { cpuMs: (cpu.user + cpu.system) / 1000, rssBytes: memory.rss, heapBytes: memory.heapUsed };
}
