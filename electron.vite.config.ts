// electron-vite: main (bundled, dependencies left external), the sandboxed preload as one CommonJS file, and
// the renderer (same build as vite.config.ts, for the app:// protocol). `npm run build`, then `npm start`.
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const at = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: at('./out/main'),
      externalizeDeps: true,
      rollupOptions: { input: { index: at('./electron/main/main.ts') }, output: { format: 'es', entryFileNames: '[name].js' } },
    },
  },
  preload: {
    build: {
      outDir: at('./out/preload'),
      externalizeDeps: false,
      rollupOptions: { input: { preload: at('./electron/preload/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: at('./renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: at('./out/renderer'),
      target: 'chrome120',
      assetsInlineLimit: 0,
      rollupOptions: { input: at('./renderer/index.html') },
    },
  },
});
