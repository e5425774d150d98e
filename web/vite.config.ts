import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const apiTarget = process.env.OPEN1022_API ?? `http://127.0.0.1:${process.env.PORT ?? '8022'}`;

/**
 * The web app: built into web/dist and served by the API server (src/http/static.ts);
 * `npm run dev` serves it from here with hot reload and proxies /api (and the WebSocket) to
 * the API server.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  // src/core is shared with the server; allow Vite to read it in dev.
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    fs: { allow: [path.resolve(import.meta.dirname, '..')] },
    proxy: {
      '/api': { target: apiTarget, ws: true, changeOrigin: false },
      '/healthz': { target: apiTarget },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One entry for the operator console and agency portal, which share most code; only
    // screens few users open (admin area, coordinator, supervisor) are React.lazy chunks.
    chunkSizeWarningLimit: 400,
  },
});
