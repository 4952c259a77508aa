import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
// The dev server proxies the API and Socket.IO to a running gateway (`npm run up`), so the
// console is same-origin in development too: no CORS, and the gateway's cookies and CSP apply.
const gateway = process.env['QS_GATEWAY_URL'] ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  resolve: {
    // Type-only imports of the contracts need no alias at run time; this one keeps an accidental
    // value import building (and visible in the bundle report) rather than failing obscurely.
    alias: [{ find: /^@qingshui\/([a-z-]+)$/, replacement: `${here}../libs/$1/src/index.ts` }],
  },
  build: {
    outDir: `${here}../dist/web`,
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': gateway,
      '/health': gateway,
      '/socket.io': { target: gateway, ws: true },
    },
  },
  preview: { host: '127.0.0.1', port: 4173 },
});
