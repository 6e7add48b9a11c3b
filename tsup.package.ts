import { defineConfig } from 'tsup';

/** The build every `@tessera/*` library package shares: ESM + CJS + .d.ts from `src/index.ts`. */
export const packageConfig = defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node22',
});
