import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The web app: built into web/dist and served by the API process (src/api/web.ts).
// `npm run dev:web` proxies /api to a server started with `npm start` on port 3000.
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or data: modules: the served CSP allows scripts from 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Two entries: the app (index.html) and the public portal (portal.html, served for /p/*),
    // so that the portal's first load holds only its read-only pages.
    rolldownOptions: {
      input: { index: `${root}index.html`, portal: `${root}portal.html` },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
