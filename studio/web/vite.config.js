// The studio's front end: built into dist/, which `popper studio` serves
// (its --web option; by default this folder's dist/ in the source tree).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  // `npm run dev` against a `popper studio` on port 8080.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
