// One vitest run over every suite: pure domain (unit), emulator conformance and
// cloud functions (both through the real wx-server-sdk), components (jsdom),
// checks of the weapp build, e2e in Chromium against the H5 build, and the
// WeChat DevTools suite (skipped where DevTools is not installed).
import { defineConfig } from 'vitest/config'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(fileURLToPath(import.meta.url))
const alias = { '@': path.resolve(root, 'src') }

export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        resolve: { alias },
        test: {
          name: 'emulator',
          include: ['test/emulator/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'functions',
          include: ['test/functions/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          globalSetup: ['test/support/build-functions.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: {
          // Exactly the package root: components-react itself imports @tarojs/components/lib/…
          alias: [
            { find: /^@tarojs\/components$/, replacement: '@tarojs/components-react' },
            { find: '@', replacement: alias['@'] },
          ],
        },
        define: {
          DEPRECATED_ADAPTER_COMPONENT: 'false',
          'process.env.TARO_ENV': JSON.stringify('h5'),
          'process.env.TARO_PLATFORM': JSON.stringify('web'),
          ENABLE_INNER_HTML: 'true',
          ENABLE_ADJACENT_HTML: 'true',
          ENABLE_SIZE_APIS: 'false',
          ENABLE_TEMPLATE_CONTENT: 'true',
          ENABLE_CLONE_NODE: 'true',
          ENABLE_CONTAINS: 'true',
          ENABLE_MUTATION_OBSERVER: 'false',
        },
        test: {
          name: 'components',
          include: ['test/components/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['test/components/setup.ts'],
          server: { deps: { inline: [/@tarojs\//, /@nutui\//] } },
        },
      },
      { resolve: { alias }, test: { name: 'weapp', include: ['test/weapp/**/*.test.ts'], environment: 'node', testTimeout: 120_000 } },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          // One emulator and its seeded people for the suite: files run one at a time.
          fileParallelism: false,
          // expect.poll waits as long as a Playwright action (browser.ts: 15 s), not vitest's default 1 s.
          expect: { poll: { timeout: 15_000 } },
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: { name: 'automator', include: ['test/automator/**/*.test.ts'], environment: 'node', testTimeout: 120_000 },
      },
    ],
  },
})
