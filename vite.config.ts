import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// Ionic's component modules declare side effects, so without this every ion-* component ends up in
// the first chunk (330 KiB gzip measured). Marking them side-effect free lets rolldown drop the
// components we never import. See TOOLCHAIN.md.
const ionicComponent = /@ionic\/core\/components\/ion-[^/]+\.js$/;

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/app',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Schoolnabij — jeugdprofessional op school',
        short_name: 'Schoolnabij',
        description: 'Signalen, contactmomenten en consultaties vastleggen op school, ook zonder verbinding.',
        lang: 'nl',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#1d4f91',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      treeshake: { moduleSideEffects: (id: string) => !ionicComponent.test(id) },
    },
  },
  // `npm run dev` on 5174 talks to the central service (`npm start`, 5173) through this proxy.
  server: { port: 5174, proxy: { '/api': 'http://127.0.0.1:5173' } },
  preview: { port: 5173, strictPort: true },
  test: {
    // Vitest's default on a 2-core machine is one worker, which leaves a core idle while the main
    // process only schedules; two workers use both.
    maxWorkers: 2,
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: [react()],
        test: {
          name: 'app',
          include: ['tests/app/**/*.test.ts', 'tests/app/**/*.dom.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['tests/app/setup.ts'],
        },
      },
    ],
  },
});
