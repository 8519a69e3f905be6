import { defineConfig } from 'vite';

/**
 * The web app, built into static files that apps/api serves (`npm run build:web`, run with
 * `apps/web` as Vite's root). In development, `npm run dev:web` proxies the API to :8080.
 */
export default defineConfig(({ command }) => ({
  base: '/',
  // A build is always a production build, even when started under NODE_ENV=test (jest's setup).
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // react-router marks its modules "use client", which only matters to server components.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic', development: command !== 'build' } },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/health': 'http://127.0.0.1:8080',
    },
  },
}));
