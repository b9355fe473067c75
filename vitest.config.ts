import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // esbuild drops decorator metadata, which type-graphql reads; swc keeps it.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    // One copy of graphql, or "Cannot use GraphQLSchema from another module or realm".
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The benchmark is its own CI step (`npm run bench -- --quick`), never part of `npm test`.
    exclude: [...configDefaults.exclude, 'test/bench/**'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Test files share worker processes and their module cache instead of each importing the
    // gateway afresh (that import was half the suite's CPU time). Files therefore leave nothing
    // global behind: gateways stopped, databases dropped, real timers and OpenTelemetry restored.
    isolate: false,
    // Most files wait on sockets, timers and PostgreSQL more than they compute: three at a time on
    // two cores (vitest's default there is one) keep both busy, beside `npm test`'s static checks.
    maxWorkers: 3,
  },
});
