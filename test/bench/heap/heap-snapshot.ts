import { readFileSync } from 'node:fs';

/** The parts of a V8 heap snapshot (`.heapsnapshot`) this bench reads: nodes, closure locations, strings. */
export interface HeapSnapshot {
  nodeFields: string[];
  nodeTypes: string[];
  nodes: Float64Array;
  edgeFields: string[];
  edgeTypes: string[];
  edges: Float64Array;
  /** Per closure node's offset in `nodes`: [script id, line, column] (0-based, as V8 writes them). */
  locations: Map<number, [number, number, number]>;
  strings: string[];
}

/**
 * Reads a snapshot file without JSON.parse of the whole (at 10,000 subscriptions it is hundreds of
 * MB, past V8's longest string): the header is parsed as JSON, the number arrays byte by byte, and
 * each entry of `strings` on its own.
 */
export function readHeapSnapshot(path: string): HeapSnapshot {
  const bytes = readFileSync(path);
  const nodesAt = bytes.indexOf('"nodes":[');
  const header = JSON.parse(`${bytes.toString('utf8', 0, nodesAt).replace(/,\s*$/, '')}}`) as {
    snapshot: {
      meta: {
        node_fields: string[];
        node_types: [string[]];
        edge_fields: string[];
        edge_types: [string[]];
        location_fields?: string[];
      };
    };
  };
  const meta = header.snapshot.meta;
  const nodes = numbersAt(bytes, nodesAt + '"nodes":['.length);
  const edgesAt = bytes.indexOf('"edges":[', nodesAt);
  const edges = numbersAt(bytes, edgesAt + '"edges":['.length);
  const locationsAt = bytes.indexOf('"locations":[', nodesAt);
  const locations = new Map<number, [number, number, number]>();
  if (locationsAt >= 0 && meta.location_fields) {
    const fields = meta.location_fields.length;
    const flat = numbersAt(bytes, locationsAt + '"locations":['.length);
    for (let i = 0; i + fields <= flat.length; i += fields)
      locations.set(flat[i]!, [flat[i + 1]!, flat[i + 2]!, flat[i + 3]!]);
  }
  const stringsStart = bytes.indexOf('"strings":[', nodesAt);
  return {
    nodeFields: meta.node_fields,
    nodeTypes: meta.node_types[0],
    nodes,
    edgeFields: meta.edge_fields,
    edgeTypes: meta.edge_types[0],
    edges,
    locations,
    strings: stringsAt(bytes, stringsStart + '"strings":['.length),
  };
}

/** A JSON array of non-negative integers starting at `from` (just after its `[`), up to its `]`. */
function numbersAt(bytes: Buffer, from: number): Float64Array {
  let values = new Float64Array(1 << 20);
  let count = 0;
  let current = -1;
  for (let i = from; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte >= 48 && byte <= 57) {
      current = (current < 0 ? 0 : current * 10) + (byte - 48);
      continue;
    }
    if (current >= 0) {
      if (count === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[count++] = current;
      current = -1;
    }
    if (byte === 93) break; // ]
  }
  return values.subarray(0, count);
}

/** A JSON array of strings starting at `from`, each string parsed on its own. */
function stringsAt(bytes: Buffer, from: number): string[] {
  const strings: string[] = [];
  let i = from;
  for (;;) {
    while (bytes[i] !== 34 && bytes[i] !== 93) i++; // to the next `"`, or the closing `]`
    if (bytes[i] === 93) return strings;
    const start = i++;
    while (bytes[i] !== 34) i += bytes[i] === 92 ? 2 : 1; // skip escapes
    strings.push(JSON.parse(bytes.toString('utf8', start, ++i)) as string);
  }
}

/** One group of heap objects, as Chrome's "Constructor" view groups them. */
export interface Retainer {
  name: string;
  count: number;
  bytes: number;
  /** For closures: the script id, line and column of the function (0-based). */
  location?: [number, number, number];
}

/**
 * What `after` holds more than `before`, grouped by constructor (objects), function name and place
 * (closures) or V8's own kind (strings, arrays, contexts, shapes): counts and self sizes summed per
 * group, after minus before, biggest growth first. (Not "objects with new ids": the embedder's
 * nodes, Node's native handles, get new ids in every snapshot.)
 */
export function growthByConstructor(before: HeapSnapshot, after: HeapSnapshot): Retainer[] {
  const groups = new Map<string, Retainer>();
  const add = (snapshot: HeapSnapshot, sign: 1 | -1) => {
    const f = fieldsOf(snapshot);
    for (let i = 0; i < snapshot.nodes.length; i += f.width) {
      const type = snapshot.nodeTypes[snapshot.nodes[i + f.type]!]!;
      const location = type === 'closure' ? snapshot.locations.get(i) : undefined;
      const named = groupOf(type, snapshot.strings[snapshot.nodes[i + f.name]!]!);
      // No script: V8's own functions, mostly a pending promise's resolve and reject.
      const name = named === '(anonymous)()' && !location ? '(anonymous built-in)()' : named;
      const key = location ? `${name} @${location.join(':')}` : name;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { name, count: 0, bytes: 0, location }));
      group.count += sign;
      group.bytes += sign * snapshot.nodes[i + f.selfSize]!;
    }
  };
  add(after, 1);
  add(before, -1);
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes);
}

/**
 * The objects of `after` that `before` did not hold (JS objects keep their ids across one process's
 * snapshots), grouped by their own group and by what first holds them: `Object ← GatewayContext.reads`
 * says which field of which constructor keeps the plain objects alive. Weak edges are not holders.
 */
export function newObjectsByHolder(before: HeapSnapshot, after: HeapSnapshot): Retainer[] {
  const f = fieldsOf(after);
  const seen = new Set<number>();
  for (let i = 0; i < before.nodes.length; i += f.width) seen.add(before.nodes[i + f.id]!);
  const edgeWidth = after.edgeFields.length;
  const [edgeType, edgeName, edgeTo] = ['type', 'name_or_index', 'to_node'].map((field) =>
    after.edgeFields.indexOf(field),
  ) as [number, number, number];
  const edgeCount = after.nodeFields.indexOf('edge_count');
  // For each node (by its index): the offset of the first node holding it, and of that edge.
  const holder = new Int32Array(after.nodes.length / f.width).fill(-1);
  const via = new Int32Array(holder.length);
  for (let i = 0, e = 0; i < after.nodes.length; i += f.width) {
    for (let end = e + after.nodes[i + edgeCount]! * edgeWidth; e < end; e += edgeWidth) {
      const kind = after.edgeTypes[after.edges[e + edgeType]!];
      const to = after.edges[e + edgeTo]! / f.width;
      if (kind === 'weak' || holder[to] !== -1) continue;
      holder[to] = i;
      via[to] = e;
    }
  }
  const nameOf = (i: number) => {
    const type = after.nodeTypes[after.nodes[i + f.type]!]!;
    return groupOf(type, after.strings[after.nodes[i + f.name]!]!);
  };
  const groups = new Map<string, Retainer>();
  for (let i = 0; i < after.nodes.length; i += f.width) {
    if (seen.has(after.nodes[i + f.id]!)) continue;
    const h = holder[i / f.width]!;
    let key = nameOf(i);
    if (h >= 0) {
      const e = via[i / f.width]!;
      const kind = after.edgeTypes[after.edges[e + edgeType]!];
      const label =
        kind === 'element' || kind === 'hidden' ? '[]' : `.${after.strings[after.edges[e + edgeName]!]}`;
      key += ` ← ${nameOf(h)}${label}`;
    }
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { name: key, count: 0, bytes: 0 }));
    group.count += 1;
    group.bytes += after.nodes[i + f.selfSize]!;
  }
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes);
}

/** The sum of every object's self size: what the snapshot holds. */
export function totalBytes(snapshot: HeapSnapshot): number {
  const f = fieldsOf(snapshot);
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += f.width) total += snapshot.nodes[i + f.selfSize]!;
  return total;
}

function fieldsOf(snapshot: HeapSnapshot) {
  const at = (field: string) => snapshot.nodeFields.indexOf(field);
  return {
    width: snapshot.nodeFields.length,
    type: at('type'),
    name: at('name'),
    id: at('id'),
    selfSize: at('self_size'),
  };
}

function groupOf(type: string, name: string): string {
  switch (type) {
    case 'object':
    case 'native':
    case 'regexp':
      return name;
    case 'closure':
      return `${name || '(anonymous)'}()`;
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'number':
      return '(heap number)';
    case 'array':
    case 'hidden':
    case 'object shape':
      // V8's internals: "(object properties)", "system / Context", "system / Map", …
      return `(${type}) ${name}`;
    default:
      return `(${type})`;
  }
}
