import { defineConfig } from 'tsup';
import { packageConfig } from '../../tsup.package.js';

// The search worker is its own entry: `QueryPool` starts it from the file next to the bundle
// (`query-worker.js` / `.cjs`); `shims` gives the CJS bundle an `import.meta.url` to find it by.
export default defineConfig({
  ...(packageConfig as object),
  entry: { index: 'src/index.ts', 'query-worker': 'src/budget/query-worker.ts' },
  shims: true,
});
