import { defineConfig } from 'tsup';

const common = { dts: true, sourcemap: true, target: 'node22', external: ['vitest'] } as const;

// `./testing` is ESM only: it imports vitest, which cannot be loaded with require().
export default defineConfig([
  { ...common, entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' }, format: ['esm'], splitting: true },
  { ...common, entry: { index: 'src/index.ts' }, format: ['cjs'] },
]);
