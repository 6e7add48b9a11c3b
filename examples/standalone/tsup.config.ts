import { defineConfig } from 'tsup';

/**
 * `pnpm --filter @tessera/example-standalone build`: one self-contained ESM file per entry
 * (workspace packages bundled from source), for `pnpm serve` without the TypeScript loader.
 * Native and driver modules stay external.
 */
export default defineConfig({
  entry: { main: 'src/main.ts', cli: 'src/cli.ts' },
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
