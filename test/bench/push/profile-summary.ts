/**
 * A .cpuprofile (V8's, from the inspector or --cpu-prof) in a few lines: busy time, self time by
 * category (garbage collection, pg driver, fastify, GraphQL execution, the webhook path, …) and by
 * function, and the inclusive time of the frames named on the command line after the file.
 * Usage: node --import tsx test/bench/push/profile-summary.ts FILE.cpuprofile [function-name …]
 */
import { readFileSync } from 'node:fs';

const [file, ...named] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [function-name …]');
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Self time per node from the samples and their time deltas (microseconds).
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalUs = profile.endTime - profile.startTime;

const where = (frame: CallFrame) => {
  const url = frame.url.replace(/^file:\/\//, '');
  const at = url.indexOf('node_modules/');
  if (at >= 0) return url.slice(at + 'node_modules/'.length);
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  const test = url.indexOf('/test/');
  return test >= 0 ? url.slice(test + 1) : url;
};

/** The category of a frame by where its code lives; builtins and natives by the nearest JS caller. */
function categoryOf(node: ProfileNode): string {
  const name = node.callFrame.functionName;
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(idle)') return 'idle';
  if (name === '(program)') return '(program: V8/native, no JS frame)';
  if (!node.callFrame.url && /^(writev|writeBuffer|write\w*String)$/.test(name)) {
    // A socket write (a system call, which on a shared core may also wait for it): by whose write.
    for (let id = parentOf.get(node.id); id !== undefined; id = parentOf.get(id)) {
      const ancestor = byId.get(id)!;
      if (where(ancestor.callFrame) && !where(ancestor.callFrame).startsWith('node:'))
        return `socket writes by ${categoryOf(ancestor)}`;
    }
  }
  for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
    const frame = byId.get(id)!.callFrame;
    const path = where(frame);
    if (!path) continue;
    if (/^(pg|pg-protocol|pg-pool|pg-types|postgres-)/.test(path)) return 'pg driver';
    if (/^kysely/.test(path)) return 'kysely (query building, results)';
    if (/^(fastify|find-my-way|avvio|light-my-request|@fastify)/.test(path))
      return 'fastify (HTTP routing, hooks, replies)';
    if (/^graphql\//.test(path)) return 'graphql execution';
    if (/^(graphql-ws|ws)\//.test(path)) return 'ws / graphql-ws';
    if (/^graphql-sse\//.test(path)) return 'graphql-sse';
    if (/^undici\//.test(path)) return 'undici (reads of Belvo)';
    if (/^(pino|thread-stream|sonic-boom)/.test(path)) return 'logging';
    if (/^@opentelemetry/.test(path)) return 'tracing';
    if (/^(dataloader|lru-cache|keyv)/.test(path)) return 'dataloader / caches';
    if (/^(zod|valibot)/.test(path)) return 'validation (zod)';
    if (/^src\/webhooks\//.test(path) || /webhook-http/.test(path)) return 'webhook route and handling';
    if (/^src\/store\//.test(path)) return 'store (event log, registry)';
    if (/^src\/push\/ws\//.test(path)) return 'push: WebSocket frames';
    if (/^src\/push\//.test(path)) return 'push: events, shared execution';
    if (/^src\/(upstream|belvo|cache)\//.test(path)) return 'upstream reads and cache';
    if (/^src\//.test(path)) return `other src (${path.split('/')[1]})`;
    if (/^test\//.test(path)) return 'bench harness in the process (IPC, stats, timing)';
    if (/^node:internal\/(streams|net|stream_base|http|_http)|^node:(net|http|_http)/.test(path))
      return 'node: sockets, streams, http';
    if (
      /^node:internal\/(timers|process\/task_queues|async_hooks|event_target|events)|^node:events/.test(path)
    )
      return 'node: timers, events, microtasks';
    if (/^node:/.test(path)) return `node: ${path.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
    if (/node_modules|^[@a-z]/.test(path)) return `other package (${path.split('/')[0]})`;
  }
  return `native without JS caller (${name || 'anonymous'})`;
}

const sum = (map: Map<unknown, number>) => [...map.values()].reduce((a, b) => a + b, 0);
const byCategory = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const category = categoryOf(node);
  byCategory.set(category, (byCategory.get(category) ?? 0) + us);
  const frame = node.callFrame;
  const key = `${frame.functionName || '(anonymous)'} ${where(frame) ? `${where(frame)}:${frame.lineNumber + 1}` : '(native)'}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
const idleUs = byCategory.get('idle') ?? 0;
const busyUs = sum(selfUs) - idleUs;
const ms = (us: number) => (us / 1000).toFixed(0).padStart(6);
const pct = (us: number) => `${((us / busyUs) * 100).toFixed(1).padStart(5)} %`;

console.log(`profile ${file}`);
console.log(
  `wall ${(totalUs / 1e6).toFixed(1)} s, busy (not idle) ${(busyUs / 1e6).toFixed(2)} s = ${((busyUs / totalUs) * 100).toFixed(0)} % of one core; idle ${(idleUs / 1e6).toFixed(2)} s; ${profile.samples.length} samples`,
);
console.log('\nself time by category (ms, share of busy time)');
for (const [category, us] of [...byCategory].filter(([c]) => c !== 'idle').sort((a, b) => b[1] - a[1]))
  console.log(`${ms(us)} ${pct(us)}  ${category}`);
console.log('\nself time by function, top 40 (ms, share of busy time)');
for (const [key, us] of [...byFunction]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 40))
  console.log(`${ms(us)} ${pct(us)}  ${key}`);

if (named.length > 0) {
  // Inclusive (self + callees) CPU of frames by name, counted once per sample even when recursive.
  console.log(
    '\ninclusive CPU time of named frames (ms, share of busy time; synchronous work only, not awaits)',
  );
  for (const name of named) {
    let us = 0;
    for (const [id, self] of selfUs) {
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        if (byId.get(at)!.callFrame.functionName === name) {
          us += self;
          break;
        }
      }
    }
    console.log(`${ms(us)} ${pct(us)}  ${name}`);
  }
}
