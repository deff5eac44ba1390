import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Relative base: the built page works from any sub-path (GitHub Pages, a USB stick) with no
// server support. Workers are ES modules so node workers can import the engine directly.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
