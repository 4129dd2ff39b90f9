// Builds the renderer (React) into out/renderer: relative asset paths so the same build serves from the
// browser-kiosk host (http://127.0.0.1) and from Electron's custom app:// protocol. Fonts come from the
// @fontsource package and are bundled; nothing is fetched from the network at run time.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1' },
});
