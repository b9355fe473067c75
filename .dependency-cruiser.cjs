/**
 * The one-way flow of src/, checked by `npm run lint` (README, "Architecture").
 *
 * Layers, bottom first. A folder may import its own files and anything in a LOWER layer: never a
 * higher layer, never another folder of its own layer. That rules out cycles between folders too.
 * A pair in brackets is one unit: a file that gathers a folder, and that folder.
 * Every module of src/ is in exactly one layer, or in one of the separate programs: the simulator
 * and the demo see only the Belvo contract and the generic helpers, and only the app starts the
 * simulator. A folder is written with its trailing `/`, a file with its extension, so that
 * `src/config/` never also covers `src/configuration-extra.ts`.
 */
const LAYERS = [
  [['src/config.ts', 'src/config/'], 'src/kit/'],
  ['src/observability/', 'src/security/'],
  ['src/belvo/', 'src/redis/', 'src/explorer/'],
  ['src/graphql-kit/', 'src/errors/', 'src/store/', 'src/cache/', 'src/upstream/'],
  ['src/push/events/', 'src/auth/', 'src/operations/'],
  ['src/resources/', 'src/requests/'],
  ['src/graphql/', 'src/webhooks/', 'src/push/execution/'],
  ['src/push/ws/', 'src/push/sse/', 'src/routes/'],
  ['src/app/'],
  ['src/main.ts'],
];

/** The programs that are not the gateway: each has a rule of its own below. */
const SEPARATE_PROGRAMS = ['src/sandbox/', 'src/demo/'];

/** A regular expression for paths: a folder matches everything under it, a file only itself. */
const pattern = (paths) => {
  const alternatives = paths.map((path) => {
    if (!/^src\/.*(\/|\.ts)$/.test(path)) {
      throw new Error(`${path}: a layer entry is a folder ending in / or a .ts file under src/`);
    }
    const escaped = path.replace(/[.]/g, '\\.');
    return path.endsWith('/') ? escaped : `${escaped}$`;
  });
  return `^(${alternatives.join('|')})`;
};

// "Exactly one layer": no entry may contain another (src/belvo/ and src/belvo/contract/, say).
const ENTRIES = [...LAYERS.flat(2), ...SEPARATE_PROGRAMS];
for (const entry of ENTRIES) {
  const container = ENTRIES.find(
    (other) => other !== entry && other.endsWith('/') && entry.startsWith(other),
  );
  if (container || ENTRIES.indexOf(entry) !== ENTRIES.lastIndexOf(entry)) {
    throw new Error(`${entry} is in two layers (${container ?? entry}): list each module once`);
  }
}

/** Modules that are in no layer and no separate program; tests beside the code are not modules of it. */
const UNLAYERED = { path: '^src/', pathNot: `${pattern(ENTRIES)}|\\.test\\.ts$` };
const UNLAYERED_COMMENT =
  'Every module of src/ belongs to exactly one layer (the LAYERS list in .dependency-cruiser.cjs) or to src/sandbox/ or src/demo/: add its folder to a layer, or move it into one';

const layerRules = LAYERS.flatMap((layer, index) =>
  layer.flatMap((unit) => {
    const above = [...LAYERS.slice(index + 1), layer.filter((other) => other !== unit)].flat(2);
    if (above.length === 0) return [];
    const name = [unit].flat().join('+');
    return {
      name: `flow:${name}`,
      comment: `${name} may import only lower layers (see the LAYERS list in .dependency-cruiser.cjs)`,
      severity: 'error',
      from: { path: pattern([unit].flat()), pathNot: '\\.test\\.ts$' },
      to: { path: pattern(above) },
    };
  }),
);

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'in-a-layer',
      comment: UNLAYERED_COMMENT,
      severity: 'error',
      from: UNLAYERED,
      to: {},
    },
    {
      name: 'in-a-layer',
      comment: UNLAYERED_COMMENT,
      severity: 'error',
      from: { path: '^src/' },
      to: UNLAYERED,
    },
    {
      name: 'in-a-layer',
      comment: `${UNLAYERED_COMMENT} (this one imports nothing and nothing imports it)`,
      severity: 'error',
      from: { ...UNLAYERED, orphan: true },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'Modules import each other in one direction only.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'simulator-sees-the-contract-only',
      comment: "The simulator plays Belvo: it may use Belvo's contract and generic helpers, not the gateway.",
      severity: 'error',
      from: { path: '^src/sandbox/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^src/',
        pathNot: pattern([
          'src/sandbox/',
          'src/belvo/contract/',
          'src/config.ts',
          'src/config/',
          'src/kit/',
          'src/security/',
        ]),
      },
    },
    {
      name: 'only-the-app-starts-the-simulator',
      severity: 'error',
      from: { path: '^src/', pathNot: `${pattern(['src/app/', 'src/sandbox/'])}|\\.test\\.ts$` },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'the-demo-is-a-client',
      comment: 'The demo talks to the gateway over the network like any client.',
      severity: 'error',
      from: { path: '^src/demo/' },
      to: { path: '^src/', pathNot: '^src/demo/' },
    },
    {
      name: 'the-contract-is-pure',
      comment: "Belvo's contract (bodies, endpoints) does not depend on the client built on it.",
      severity: 'error',
      from: { path: '^src/belvo/contract/' },
      to: { path: '^src/belvo/', pathNot: '^src/belvo/contract/' },
    },
    {
      name: 'only-the-client-touches-undici',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/belvo/http\\.ts$' },
      to: { path: 'node_modules/undici/' },
    },
    {
      name: 'only-transports-touch-the-server-framework',
      comment:
        'fastify, ws, graphql-ws and graphql-sse belong to the routes, the push transports and what every request passes (and the app that wires them).',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: `${pattern(['src/routes/', 'src/push/ws/', 'src/push/sse/', 'src/push/execution/', 'src/requests/', 'src/app/', 'src/sandbox/', 'src/demo/'])}|\\.test\\.ts$`,
      },
      to: { path: 'node_modules/(fastify|ws|graphql-ws|graphql-sse)/' },
    },
    {
      name: 'src-does-not-import-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
