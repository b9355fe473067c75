import { freshDatabaseUrl } from '../support/database.js';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { BelvoSandbox } from '../../src/sandbox/server.js';
import { BENCH_API_KEY, startBenchGateway } from './environment.js';

export interface FanoutRow {
  setup: 'one instance, memory pub/sub' | 'two instances, Redis pub/sub';
  transport: 'WebSocket' | 'SSE';
  subscribers: number;
  sockets: number;
  deliveries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Gateway heap per idle subscription (one instance only; needs node --expose-gc). */
  heapBytesPerSubscription: number | null;
}

const AUTHORIZATION = `Bearer ${randomBytes(16).toString('hex')}`;
const PER_SOCKET = 100;
const now = () => performance.timeOrigin + performance.now();

type ClientMessage =
  | { type: 'ready'; seconds: number }
  | { type: 'expecting' }
  | { type: 'delivered'; eventId: string; arrivals: number[] }
  | { type: 'error'; message: string };

/** The subscriber process, and a way to wait for its next message of a kind. */
function startClient() {
  const child: ChildProcess = fork(new URL('./fanout-client.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters: Array<{ type: string; resolve: (message: ClientMessage) => void }> = [];
  const errors: string[] = [];
  child.on('message', (message: ClientMessage) => {
    if (message.type === 'error') errors.push(message.message);
    const index = waiters.findIndex((waiter) => waiter.type === message.type);
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(message);
  });
  const next = <T extends ClientMessage['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<ClientMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`fan-out client: no ${type} within ${timeoutMs} ms (${errors[0] ?? 'no error'})`)),
        timeoutMs,
      );
      waiters.push({
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Extract<ClientMessage, { type: T }>);
        },
      });
    });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { child, next, close: async () => (child.send({ type: 'close' }), await exited) };
}

function heapUsed(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function postWebhook(url: string, linkId: string, webhookId: string): Promise<void> {
  const response = await fetch(`${url}/webhooks/belvo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
    body: JSON.stringify({
      webhook_id: webhookId,
      webhook_type: 'LINK',
      process_type: 'recurrent_update',
      webhook_code: 'token_required',
      link_id: linkId,
      // Each its own request: identical notices of a link would be folded into one.
      request_id: randomBytes(16).toString('hex'),
      external_id: null,
      data: {},
    }),
  });
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function run(
  setup: FanoutRow['setup'],
  publishUrl: string,
  subscribeUrl: string,
  linkId: string,
  sizes: number[],
  events: number,
  log: (line: string) => void,
  transport: FanoutRow['transport'] = 'WebSocket',
): Promise<FanoutRow[]> {
  const rows: FanoutRow[] = [];
  // A recorded event, replayed to every new subscriber: its arrival proves the subscription is live.
  await postWebhook(publishUrl, linkId, randomBytes(16).toString('hex'));
  for (const subscribers of sizes) {
    log(`  fan-out: ${setup}, ${subscribers} subscribers over ${transport}`);
    const before = setup.startsWith('one') ? heapUsed() : null;
    const client = startClient();
    try {
      client.child.send({
        type: 'subscribe',
        url: subscribeUrl,
        linkId,
        count: subscribers,
        perSocket: PER_SOCKET,
        apiKey: BENCH_API_KEY,
        transport: transport === 'SSE' ? 'sse' : 'ws',
      });
      await client.next('ready', 120_000);
      const after = before === null ? null : heapUsed();
      const latencies: number[] = [];
      for (let e = 0; e < events; e++) {
        const eventId = randomBytes(16).toString('hex');
        const delivered = client.next('delivered', 60_000);
        const expecting = client.next('expecting', 10_000);
        client.child.send({ type: 'expect', eventId });
        await expecting;
        const sentAt = now();
        await postWebhook(publishUrl, linkId, eventId);
        for (const arrival of (await delivered).arrivals) latencies.push(arrival - sentAt);
      }
      latencies.sort((a, b) => a - b);
      rows.push({
        setup,
        transport,
        subscribers,
        sockets: transport === 'SSE' ? subscribers : Math.ceil(subscribers / PER_SOCKET),
        deliveries: latencies.length,
        p50Ms: percentile(latencies, 0.5),
        p99Ms: percentile(latencies, 0.99),
        maxMs: latencies.at(-1)!,
        heapBytesPerSubscription:
          before !== null && after !== null ? Math.max(0, (after - before) / subscribers) : null,
      });
    } catch (error) {
      // A size the gateway refuses (a loaded machine) is reported, and the run goes on.
      log(`  fan-out: FAILED ${setup}, ${subscribers} over ${transport}: ${(error as Error).message}`);
    } finally {
      await client.close();
    }
  }
  return rows;
}

/**
 * Webhook POST → delivery at the client, for growing numbers of subscribers (one link, many
 * sockets, a separate client process): one instance with in-memory pub/sub, over WebSocket and over
 * SSE (a stream per subscriber), and two instances on one Redis (webhook to A, subscribers on B).
 */
export async function measureFanout(
  sandbox: BelvoSandbox,
  linkId: string,
  sizes: number[],
  sseSizes: number[],
  events: number,
  redisUrl: string | undefined,
  log: (line: string) => void,
): Promise<FanoutRow[]> {
  const env = { WEBHOOK_AUTHORIZATION: AUTHORIZATION };
  const single = await startBenchGateway(sandbox, env);
  // The bench's link was made at the simulator directly: registered, so webhooks need no Belvo check.
  await single.app.store.links.record({ id: linkId }, 'bench');
  const rows: FanoutRow[] = [];
  try {
    const setup = 'one instance, memory pub/sub';
    rows.push(...(await run(setup, single.url, single.url, linkId, sizes, events, log)));
    rows.push(...(await run(setup, single.url, single.url, linkId, sseSizes, events, log, 'SSE')));
  } finally {
    await single.app.stop();
  }
  if (!redisUrl) return rows;
  const shared = {
    ...env,
    REDIS_URL: redisUrl,
    CACHE_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    DATABASE_URL: await freshDatabaseUrl(),
  };
  const a = await startBenchGateway(sandbox, shared);
  const b = await startBenchGateway(sandbox, shared);
  await a.app.store.links.record({ id: linkId }, 'bench');
  try {
    rows.push(...(await run('two instances, Redis pub/sub', a.url, b.url, linkId, sizes, events, log)));
  } finally {
    await Promise.all([a.app.stop(), b.app.stop()]);
  }
  return rows;
}
