import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The operator console: a plain TypeScript single-page app, built into dist/console (served by the
 * engine at /console). Everything is bundled: no runtime CDN, it works offline.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
