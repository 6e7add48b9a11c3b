import { defineConfig } from 'tsup';

/**
 * `pnpm --filter @tessera/example-standalone build`: one self-contained ESM file per entry
 * (workspace packages bundled from source), for `pnpm serve` without the TypeScript loader.
 * Native and driver modules stay external. The SQLite store's search worker is an entry of its
 * own: the store starts it from the file next to the bundle that contains the store.
 */
export default defineConfig({
  entry: { main: 'src/main.ts', cli: 'src/cli.ts', 'query-worker': '../../packages/store-sqlite/src/budget/query-worker.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node22',
  outDir: 'dist',
  clean: true,
  splitting: false,
  noExternal: [/^(?!better-sqlite3$|pg$)/],
  external: ['better-sqlite3', 'pg'],
  esbuildOptions(options) {
    options.conditions = ['dev-source'];
  },
  banner: { js: "import { createRequire as __tesseraRequire } from 'node:module'; const require = __tesseraRequire(import.meta.url);" },
});
