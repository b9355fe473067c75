/**
 * The one-way flow of src/, checked by `npm run lint` (README, "Architecture").
 *
 * Layers, bottom first. A folder may import its own files and anything in a LOWER layer: never a
 * higher layer, never another folder of its own layer. That rules out cycles between folders too.
 * The simulator and the demo are separate programs: they see only the Belvo contract and the
 * generic helpers, and only the app starts the simulator.
 */
const LAYERS = [
  ['src/config', 'src/kit/'], // src/config.ts and the src/config/ folder it gathers
  ['src/observability/', 'src/security/'],
  ['src/belvo/', 'src/redis/', 'src/explorer/'],
  ['src/graphql-kit/', 'src/store/', 'src/cache/', 'src/upstream/'],
  ['src/link-events/', 'src/auth/', 'src/operations/'],
  ['src/resources/'],
  ['src/graphql/', 'src/webhooks/'],
  ['src/transports/'],
  ['src/app/'],
  ['src/main.ts'],
];

const pattern = (paths) => `^(${paths.map((path) => path.replace(/[.]/g, '\\.')).join('|')})`;

const layerRules = LAYERS.flatMap((layer, index) =>
  layer.flatMap((folder) => {
    const above = [...LAYERS.slice(index + 1).flat(), ...layer.filter((other) => other !== folder)];
    if (above.length === 0) return [];
    return {
      name: `flow:${folder}`,
      comment: `${folder} may import only lower layers (see the LAYERS list in .dependency-cruiser.cjs)`,
      severity: 'error',
      from: { path: pattern([folder]), pathNot: '\\.test\\.ts$' },
      to: { path: pattern(above) },
    };
  }),
);

module.exports = {
  forbidden: [
    ...layerRules,
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
      comment: 'fastify, ws, graphql-ws and graphql-sse belong to transports (and the app that wires them).',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: `${pattern(['src/transports/', 'src/app/', 'src/sandbox/', 'src/demo/'])}|\\.test\\.ts$`,
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
