// Taro build configuration: weapp into dist/ (project.config.json →
// miniprogramRoot), H5 into dist-h5/. Design width 375, the NutUI kit's own.
import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'

const EMULATOR_URL = process.env.EMULATOR_URL || 'http://127.0.0.1:9999'
const isH5 = process.env.TARO_ENV === 'h5'

export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'campus-parking',
    date: '2026-11-23',
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: [],
    defineConstants: {},
    // Build-time settings the app reads as process.env.TARO_APP_* (a .env file overrides): always
    // defined, so no build leaves a bare process.env lookup for the mini program runtime.
    env: { TARO_APP_TEMPLATE_RESERVATION: JSON.stringify(process.env.TARO_APP_TEMPLATE_RESERVATION ?? '') },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: true },
    logger: { quiet: true, stats: false },
    mini: {
      // webpack's `global` shim falls back to `new Function`, which the mini
      // program runtime forbids; the runtime has globalThis, so no shim.
      // lodash.kebabcase (NutUI ConfigProvider, pulled in by Cell) falls back
      // to `Function('return this')()` at load: swap in a 10-line equivalent.
      webpackChain(chain) {
        chain.merge({ node: { global: false } })
        chain.resolve.alias.set('lodash.kebabcase$', path.resolve(__dirname, '../src/ui/kebab-case.ts'))
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      devServer: {
        host: '127.0.0.1',
        port: Number(process.env.H5_PORT || 10086),
        open: false,
        proxy: [{ context: ['/h5', '/console'], target: EMULATOR_URL, changeOrigin: true }],
      },
    },
  }
  return config
})
